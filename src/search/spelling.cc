#include "search/spelling.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "schema/schema.h"
#include "schema/terms.h"
#include "util/strings.h"

namespace dateline::search {
namespace sc = schema;
namespace {

// A word the corrector works on: letters only (bytes of other scripts and
// accented letters count as letters), so numbers, codes and prefixed
// terms are left alone.
bool is_word(std::string_view w) {
  for (char ch : w) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c < 0x80 && !(c >= 'a' && c <= 'z')) return false;
  }
  return true;
}

bool is_word_byte(char ch) {
  unsigned char c = static_cast<unsigned char>(ch);
  return c >= 0x80 || std::isalnum(c) != 0;
}

// Where word was typed in query (ASCII case ignored), as a whole word;
// npos if it was not typed as such (an accented spelling, say).
std::size_t find_typed(const std::string& lower_query, const std::string& word) {
  for (std::size_t pos = lower_query.find(word); pos != std::string::npos;
       pos = lower_query.find(word, pos + 1)) {
    bool starts = pos == 0 || !is_word_byte(lower_query[pos - 1]);
    std::size_t end = pos + word.size();
    bool ends = end == lower_query.size() || !is_word_byte(lower_query[end]);
    if (starts && ends) return pos;
  }
  return std::string::npos;
}

}  // namespace

int edit_distance(std::string_view a, std::string_view b, int cap) {
  const int n = static_cast<int>(a.size());
  const int m = static_cast<int>(b.size());
  if (std::abs(n - m) > cap) return cap + 1;
  // Three rows of the optimal string alignment table: two back for
  // transpositions. Words are short, so the rows are small.
  std::vector<int> prev2(m + 1), prev(m + 1), cur(m + 1);
  for (int j = 0; j <= m; ++j) prev[j] = j;
  for (int i = 1; i <= n; ++i) {
    cur[0] = i;
    int row_min = cur[0];
    for (int j = 1; j <= m; ++j) {
      int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      int d = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d = std::min(d, prev2[j - 2] + 1);
      }
      cur[j] = d;
      row_min = std::min(row_min, d);
    }
    // Every later row is at least this row's minimum.
    if (row_min > cap) return cap + 1;
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return std::min(prev[m], cap + 1);
}

Xapian::doccount SpellingCorrector::stem_freq(const std::string& word) const {
  // What a plain query word matches: its stem term, else the word itself.
  std::string stem = sc::stem_term(word);
  return stem.empty() ? db_.get_termfreq(word) : db_.get_termfreq(sc::prefix(sc::FieldId::kStem) + stem);
}

std::vector<WordCorrection> SpellingCorrector::candidates(const std::string& word) const {
  std::vector<WordCorrection> out;
  if (word.size() < 3 || !is_word(word)) return out;
  const int cap = word.size() >= options_.two_edits_from ? 2 : 1;
  const std::string stem = sc::stem_term(word);
  const Xapian::doccount typed_freq = stem_freq(word);
  // No word of the archive can be that frequent: skip the scan.
  const double need = std::max(1.0, options_.min_ratio * typed_freq);
  if (need > db_.get_doccount()) return out;
  int nearest = cap;
  // Candidates share the first letter: typos rarely hit it, and it keeps
  // the scan to a small slice of the vocabulary.
  const std::string first = word.substr(0, 1);
  for (auto it = db_.allterms_begin(first); it != db_.allterms_end(first); ++it) {
    // The word's own frequency, not its stem's: the correction shown must
    // be a common word, not a rare one ("oper") whose stem is common.
    // Most of the vocabulary is rare, so this test comes first.
    Xapian::doccount f = it.get_termfreq();
    if (f < need) continue;
    const std::string t = *it;
    if (t.size() + cap < word.size() || t.size() > word.size() + cap || t.size() < 3) continue;
    int d = edit_distance(word, t, nearest);
    if (d == 0 || d > nearest || !is_word(t)) continue;
    if (sc::stem_term(t) == stem) continue;  // another form of the same word: same hits
    if (d < nearest) {
      out.clear();
      nearest = d;
    }
    out.push_back(WordCorrection{t, d, f, typed_freq});
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const WordCorrection& a, const WordCorrection& b) { return a.freq > b.freq; });
  if (out.size() > kMaxCandidates) out.resize(kMaxCandidates);
  return out;
}

std::optional<WordCorrection> SpellingCorrector::correct_word(const std::string& word) const {
  std::vector<WordCorrection> c = candidates(word);
  if (c.empty()) return std::nullopt;
  return c.front();
}

std::string SpellingCorrector::correct_query(const std::string& query, const std::vector<std::string>& words,
                                             Xapian::doccount hits, const HitCounter& count) const {
  // Enough hits to tell candidates apart by their company.
  constexpr Xapian::doccount kContextCount = 1000;
  // Few hits: the typed query must find at most max_hit_share of what the
  // corrected one finds, which no query can when it finds this many.
  const double need = std::floor(hits / options_.max_hit_share) + 1;
  if (need > db_.get_doccount()) return {};
  std::string corrected = query;
  bool changed = false;
  for (const std::string& w : words) {
    std::vector<WordCorrection> cands = candidates(w);
    if (cands.empty()) continue;
    // Replace the word where the user typed it, whatever its case.
    std::size_t pos = find_typed(util::ascii_lower(corrected), w);
    if (pos == std::string::npos) continue;
    auto with = [&](const WordCorrection& c) {
      return std::string(corrected).replace(pos, w.size(), c.word);
    };
    // Several words as near: the one the other query words go with most
    // ("report shws" is "report shows", not the commoner "shrs").
    std::size_t pick = 0;
    if (cands.size() > 1) {
      Xapian::doccount most = 0;
      for (std::size_t i = 0; i < cands.size(); ++i) {
        Xapian::doccount n = count(with(cands[i]), kContextCount);
        if (n > most) {
          most = n;
          pick = i;
        }
      }
    }
    corrected = with(cands[pick]);
    changed = true;
  }
  if (!changed) return {};
  // Counting stops once the share is settled.
  Xapian::doccount found = count(corrected, static_cast<Xapian::doccount>(need));
  if (static_cast<double>(found) < need) return {};
  return corrected;
}

}  // namespace dateline::search
