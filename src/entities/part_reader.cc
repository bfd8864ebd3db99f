#include "entities/part_reader.h"

#include <algorithm>
#include <string_view>
#include <vector>

#include "entities/gazetteer_scan.h"
#include "entities/span_repair.h"
#include "entities/span_taking.h"

namespace dateline::entities {
namespace {

constexpr std::size_t kNoSentence = static_cast<std::size_t>(-1);

// Languages written in Latin script whose names the English tagger finds.
bool latin_language(std::string_view lang) {
  constexpr std::string_view kLatin[] = {"fr", "es", "de", "it", "pt", "nl", "ca", "ro",
                                         "sv", "da", "no", "nb", "fi", "pl", "cs", "id"};
  return contains(kLatin, lang);
}

// Words that start sentences without naming anything.
constexpr std::string_view kOpeners[] = {
    "the",    "a",    "an",    "it",    "its",   "he",   "she",   "they",  "we",   "i",    "you",
    "this",   "that", "these", "those", "there", "his",  "her",   "their", "our",  "in",   "on",
    "at",     "but",  "and",   "or",    "if",    "when", "while", "as",    "for",  "with", "after",
    "before", "some", "most",  "many",  "one",   "all",  "no",    "not",   "what", "who",  "how",
    "why",    "le",   "la",    "les",   "el",    "los",  "las",   "il",    "der",  "die",  "das"};

// How sentence s is read: by the article's language, then by its letters
// and numbers.
Mode classify(const PartText& text, const ArticleWork& work, const Sentence& s) {
  if (!work.english) return Mode::kForeign;
  std::size_t alpha = 0, upper = 0, lower_words = 0, long_words = 0, capital_long = 0;
  std::size_t numbers = 0;
  for (std::size_t i = s.begin; i < s.end; ++i) {
    const TextToken& t = text.tokens()[i];
    if (t.kind == TokenKind::kNumber) ++numbers;
    if (t.kind != TokenKind::kWord) continue;
    bool has_lower = false;
    bool has_alpha = false;
    for (char c : t.text) {
      if (c >= 'a' && c <= 'z') has_lower = true;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) has_alpha = true;
    }
    if (!has_alpha) continue;
    ++alpha;
    if (t.upper) ++upper;
    if (has_lower) ++lower_words;
    if (t.text.size() >= 4) {
      ++long_words;
      if (t.capitalised) ++capital_long;
    }
  }
  if (alpha >= 2 && lower_words == 0) return Mode::kCaps;
  if (numbers >= 4 && numbers * 3 >= alpha) return Mode::kTable;
  if (long_words >= 3 && capital_long * 5 >= long_words * 4) return Mode::kTitleCase;
  return Mode::kNormal;
}

// False when no word but a capitalised function word at the start has a
// capital letter: the tagger would find nothing, so it is not asked.
bool may_name_something(PartText& text, const Sentence& s) {
  bool first = true;
  for (std::size_t i = s.begin; i < s.end; ++i) {
    const TextToken& t = text.tokens()[i];
    if (t.kind == TokenKind::kPunct) continue;
    bool capital = t.capitalised || t.upper || t.kind == TokenKind::kIdeographic;
    if (first) {
      first = false;
      if (capital && !contains(kOpeners, text.key(i))) return true;
      continue;
    }
    if (capital && t.text != "I") return true;
  }
  return false;
}

// True if the tagger reads sentences of this mode in this article.
bool tagged(Mode mode, const ArticleWork& work) {
  return mode == Mode::kNormal || mode == Mode::kTitleCase ||
         (mode == Mode::kForeign && latin_language(work.lang));
}

}  // namespace

void read_part(const NerModel& ner, const Gazetteer& gaz, const SourceRules& rules, std::string_view text,
               std::size_t end, ArticleWork& work) {
  PartText part(text, end, !work.english);
  PartContext c{gaz, rules, part, work};
  const std::vector<Sentence>& sentences = part.sentences();
  // Tag the part's sentences as one document, so later sentences see how
  // the model read the same names earlier (more accurate than one by one).
  std::vector<Mode> modes;
  std::vector<std::vector<std::string_view>> doc;
  std::vector<std::size_t> doc_index(sentences.size(), kNoSentence);
  for (std::size_t k = 0; k < sentences.size(); ++k) {
    const Sentence& s = sentences[k];
    modes.push_back(classify(part, work, s));
    if (tagged(modes[k], work) && may_name_something(part, s)) {
      std::vector<std::string_view> words;
      for (std::size_t i = s.begin; i < s.end; ++i) words.push_back(part.tokens()[i].text);
      doc_index[k] = doc.size();
      doc.push_back(std::move(words));
    }
  }
  std::vector<std::vector<EntitySpan>> spans;
  if (!doc.empty()) spans = ner.tag_document(doc);
  for (std::size_t k = 0; k < sentences.size(); ++k) {
    const Sentence& s = sentences[k];
    const std::size_t places_before = work.places.size(), persons_before = work.persons.size();
    if (doc_index[k] != kNoSentence) {
      std::vector<TypedSpan> typed;
      for (const EntitySpan& x : spans[doc_index[k]]) {
        typed.push_back({x.begin, x.end, entity_type(x.type)});
      }
      for (const TypedSpan& x : repair_spans(part, gaz, s, std::move(typed))) {
        take_span(c, s, {s.begin + x.begin, s.begin + x.end, x.type});
      }
    }
    scan_countries(c, s, modes[k]);
    if (modes[k] == Mode::kForeign && (work.lang == "zh" || work.lang == "ja")) {
      scan_ideographic(c, s);
    }
    // Where each mention is, for the focus countries (focus.h).
    for (std::size_t i = places_before; i < work.places.size(); ++i) {
      work.places[i].part = work.part;
      work.places[i].sentence = k;
    }
    for (std::size_t i = persons_before; i < work.persons.size(); ++i) {
      work.persons[i].part = work.part;
      work.persons[i].sentence = k;
    }
  }
}

}  // namespace dateline::entities
