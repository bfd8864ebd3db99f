#include "entities/focus.h"

#include <algorithm>
#include <unordered_set>

namespace dateline::entities {
namespace {

// What the article says of one country.
struct Evidence {
  std::string country;
  bool dateline = false;
  bool headline = false;  // the title
  bool lead = false;      // the standfirst or the body's lead
  std::size_t mentions = 0;
  std::unordered_set<std::size_t> sentences;  // body and standfirst sentences, apart
  std::size_t first = 0;                      // order of first mention
};

// A sentence's key, unique across the parts.
std::size_t sentence_key(const CountryMention& m) {
  return m.sentence * 3 + static_cast<std::size_t>(m.part);
}

}  // namespace

std::vector<std::string> focus_countries(const std::vector<CountryMention>& mentions,
                                         std::string_view dateline_country) {
  std::vector<Evidence> ev;
  auto evidence = [&](std::string_view code) -> Evidence& {
    for (Evidence& e : ev) {
      if (e.country == code) return e;
    }
    Evidence& e = ev.emplace_back();
    e.country = code;
    e.first = ev.size() - 1;
    return e;
  };
  if (!dateline_country.empty()) evidence(dateline_country).dateline = true;
  for (const CountryMention& m : mentions) {
    if (m.country.empty()) continue;
    Evidence& e = evidence(m.country);
    ++e.mentions;
    e.sentences.insert(sentence_key(m));
    if (m.part == MentionPart::kTitle) e.headline = true;
    if (m.part == MentionPart::kStandfirst || (m.part == MentionPart::kBody && m.sentence < kLeadSentences)) {
      e.lead = true;
    }
  }
  std::size_t total = 0;
  for (const Evidence& e : ev) total += e.mentions;
  // A country the story keeps coming back to: named in two sentences or
  // more, and a real share of what the story says of countries (so the
  // tenth "U.S." of a story about Japan's trade still counts, the second
  // of two passing mentions among many does not).
  auto repeated = [&](const Evidence& e) { return e.sentences.size() >= 2 && e.mentions * 4 >= total; };
  std::vector<const Evidence*> focus;
  for (const Evidence& e : ev) {
    if (e.dateline || e.headline || e.lead || repeated(e)) focus.push_back(&e);
  }
  std::stable_sort(focus.begin(), focus.end(), [](const Evidence* a, const Evidence* b) {
    if (a->dateline != b->dateline) return a->dateline;
    int ca = int{a->headline} + int{a->lead}, cb = int{b->headline} + int{b->lead};
    if (ca != cb) return ca > cb;
    if (a->mentions != b->mentions) return a->mentions > b->mentions;
    return a->first < b->first;
  });
  std::vector<std::string> out;
  for (const Evidence* e : focus) out.push_back(e->country);
  return out;
}

}  // namespace dateline::entities
