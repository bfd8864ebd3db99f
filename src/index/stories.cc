#include "index/stories.h"

#include <algorithm>
#include <cstring>
#include <deque>
#include <limits>
#include <unordered_map>

#include "schema/schema.h"
#include "schema/terms.h"
#include "util/strings.h"

namespace dateline::index {
namespace {

// Verified thresholds (see same_story()), chosen on Reuters files 00-04 and
// the evaluation set's tuning half.
constexpr double kMinJaccard = 0.5;
constexpr double kMinContainment = 0.8;
constexpr double kMinJaccardContained = 0.25;

// Candidates read per band chain of this run's table, and from the prior
// index per article: a boilerplate band key shared by thousands of
// articles must not make one article cost thousands of comparisons.
constexpr std::size_t kMaxChain = 64;
constexpr Xapian::doccount kMaxPriorCandidates = 32;

// Bytes of a serialised signature: the shingle count, then the values,
// little-endian.
constexpr std::size_t kSignatureBytes = 4 * (1 + kStoryHashes);

using util::mix64;

// Odd multipliers of the multiply-shift hashes, one per MinHash value,
// drawn from a fixed seed: signatures are stored, so these never change.
struct Multipliers {
  std::array<std::uint64_t, kStoryHashes> a{};
  std::array<std::uint64_t, kStoryHashes> b{};
  Multipliers() {
    std::uint64_t s = 0x5354'4f52'4945'5331ULL;  // "STORIES1"
    for (std::size_t i = 0; i < kStoryHashes; ++i) {
      a[i] = mix64(s += 0x9e3779b97f4a7c15ULL) | 1;
      b[i] = mix64(s += 0x9e3779b97f4a7c15ULL);
    }
  }
};
const Multipliers kMul;

bool word_byte(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

void put32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

std::uint32_t get32(std::string_view in, std::size_t at) {
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i)
    v |= static_cast<std::uint32_t>(static_cast<unsigned char>(in[at + i])) << (8 * i);
  return v;
}

}  // namespace

StorySignature story_signature(std::string_view body) {
  // A plain byte splitter, not the ICU analyser: it runs on every article
  // and only has to give copies of one text the same words.
  std::vector<std::uint64_t> shingles;
  std::array<std::uint64_t, kShingleWords> last{};
  std::size_t words = 0;
  std::size_t i = 0;
  while (i < body.size()) {
    while (i < body.size() && !word_byte(static_cast<unsigned char>(body[i]))) ++i;
    if (i == body.size()) break;
    std::uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a
    while (i < body.size() && word_byte(static_cast<unsigned char>(body[i]))) {
      unsigned char c = static_cast<unsigned char>(body[i++]);
      if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c - 'A' + 'a');
      h = (h ^ c) * 0x100000001b3ULL;
    }
    last[words % kShingleWords] = h;
    if (++words < kShingleWords) continue;
    std::uint64_t s = 0;
    for (std::size_t k = 0; k < kShingleWords; ++k) {
      s = mix64(s ^ last[(words + k) % kShingleWords]);  // oldest word first
    }
    shingles.push_back(s);
  }
  std::sort(shingles.begin(), shingles.end());
  shingles.erase(std::unique(shingles.begin(), shingles.end()), shingles.end());
  StorySignature sig;
  sig.shingles = static_cast<std::uint32_t>(std::min<std::size_t>(shingles.size(), UINT32_MAX));
  sig.mins.fill(UINT32_MAX);
  for (std::uint64_t s : shingles) {
    for (std::size_t k = 0; k < kStoryHashes; ++k) {
      const auto v = static_cast<std::uint32_t>((kMul.a[k] * s + kMul.b[k]) >> 32);
      sig.mins[k] = std::min(sig.mins[k], v);
    }
  }
  return sig;
}

std::string serialise_signature(const StorySignature& s) {
  std::string out;
  out.reserve(kSignatureBytes);
  put32(out, s.shingles);
  for (std::uint32_t v : s.mins) put32(out, v);
  return out;
}

std::optional<StorySignature> parse_signature(std::string_view bytes) {
  if (bytes.size() != kSignatureBytes) return std::nullopt;
  StorySignature s;
  s.shingles = get32(bytes, 0);
  for (std::size_t k = 0; k < kStoryHashes; ++k) s.mins[k] = get32(bytes, 4 * (k + 1));
  return s;
}

std::uint64_t band_key(const StorySignature& s, std::size_t band) {
  std::uint64_t h = mix64(band + 1);
  for (std::size_t r = 0; r < kStoryRows; ++r) h = mix64(h ^ s.mins[band * kStoryRows + r]);
  return h;
}

std::vector<std::string> band_terms(const StorySignature& s) {
  std::vector<std::string> terms;
  if (!s.clusterable()) return terms;
  const std::string prefix = schema::prefix(schema::FieldId::kStoryBand);
  static constexpr char kHex[] = "0123456789abcdef";
  for (std::size_t b = 0; b < kStoryBands; ++b) {
    // 40 bits: collisions among millions of articles only add a candidate,
    // which verification drops, and short terms keep the index small.
    std::uint64_t key = band_key(s, b);
    std::string t = prefix;
    t.push_back(kHex[b / 16]);
    t.push_back(kHex[b % 16]);
    for (int shift = 36; shift >= 0; shift -= 4) t.push_back(kHex[(key >> shift) & 0xf]);
    terms.push_back(std::move(t));
  }
  return terms;
}

StorySimilarity story_similarity(const StorySignature& a, const StorySignature& b) {
  std::size_t equal = 0;
  for (std::size_t k = 0; k < kStoryHashes; ++k) equal += a.mins[k] == b.mins[k];
  StorySimilarity sim;
  sim.jaccard = static_cast<double>(equal) / kStoryHashes;
  const double smaller = std::min(a.shingles, b.shingles);
  if (smaller > 0) {
    // |A∩B| = J (|A| + |B|) / (1 + J).
    const double common = sim.jaccard * (static_cast<double>(a.shingles) + b.shingles) / (1 + sim.jaccard);
    sim.containment = std::min(1.0, common / smaller);
  }
  return sim;
}

bool same_story(const StorySignature& a, const StorySignature& b) {
  if (!a.clusterable() || !b.clusterable()) return false;
  const StorySimilarity sim = story_similarity(a, b);
  return sim.jaccard >= kMinJaccard ||
         (sim.containment >= kMinContainment && sim.jaccard >= kMinJaccardContained);
}

void add_story(Xapian::Document& doc, const std::string& story_id, const StorySignature& s) {
  doc.add_boolean_term(schema::story_term(story_id));
  doc.add_value(schema::kSlotStory, story_id);
  if (!s.clusterable()) return;
  for (const std::string& t : band_terms(s)) doc.add_boolean_term(t);
  doc.add_value(schema::kSlotSignature, serialise_signature(s));
}

// This run's articles live in a ring of the last `window` (by sequence
// number); each band has a map from a band key to the newest article with
// that key, and each article links to the previous one with its key in that
// band, so a band's candidates are a chain walked newest first. Links to
// articles that left the window are recognised by their sequence number.
struct StoryClusterer::Impl {
  struct Entry {
    StorySignature sig;
    std::string story;
    std::array<std::uint64_t, kStoryBands> next{};
  };
  static constexpr std::uint64_t kNone = std::numeric_limits<std::uint64_t>::max();

  std::size_t window;
  std::deque<Entry> ring;
  std::uint64_t first_seq = 0;  // sequence number of ring.front()
  std::array<std::unordered_map<std::uint64_t, std::uint64_t>, kStoryBands> heads;
  std::optional<Xapian::Database> prior;
  std::size_t joined = 0;

  struct Best {
    double jaccard = -1;
    std::string story;
  };

  void consider(const StorySignature& s, const StorySignature& other, const std::string& story, Best& best) {
    if (!same_story(s, other)) return;
    const double j = story_similarity(s, other).jaccard;
    if (j > best.jaccard) best = {j, story};
  }

  void from_window(const StorySignature& s, Best& best) {
    std::vector<std::uint64_t> seen;
    for (std::size_t b = 0; b < kStoryBands; ++b) {
      auto it = heads[b].find(band_key(s, b));
      if (it == heads[b].end()) continue;
      std::uint64_t seq = it->second;
      for (std::size_t n = 0; n < kMaxChain && seq != kNone && seq >= first_seq; ++n) {
        const Entry& e = ring[seq - first_seq];
        if (std::find(seen.begin(), seen.end(), seq) == seen.end()) {
          seen.push_back(seq);
          consider(s, e.sig, e.story, best);
        }
        seq = e.next[b];
      }
    }
  }

  void from_prior(const StorySignature& s, Best& best) {
    if (!prior) return;
    std::vector<std::string> terms = band_terms(s);
    Xapian::Query q(Xapian::Query::OP_OR, terms.begin(), terms.end());
    for (int attempt = 0; attempt < 2; ++attempt) {
      try {
        Xapian::Enquire enquire(*prior);
        enquire.set_query(q);
        // Rank by the number of shared bands: the likeliest copies first.
        enquire.set_weighting_scheme(Xapian::CoordWeight());
        Xapian::MSet mset = enquire.get_mset(0, kMaxPriorCandidates);
        for (auto it = mset.begin(); it != mset.end(); ++it) {
          Xapian::Document doc = it.get_document();
          std::optional<StorySignature> other = parse_signature(doc.get_value(schema::kSlotSignature));
          std::string story = doc.get_value(schema::kSlotStory);
          if (other && !story.empty()) consider(s, *other, story, best);
        }
        return;
      } catch (const Xapian::DatabaseModifiedError&) {
        // This run's writer committed twice since the last look: see the
        // index as it is now (which holds this run's articles too, with
        // the stories given here) and try once more.
        try {
          prior->reopen();
        } catch (const Xapian::Error&) {
          return;
        }
      } catch (const Xapian::Error&) {
        return;
      }
    }
  }

  void insert(const StorySignature& s, const std::string& story) {
    const std::uint64_t seq = first_seq + ring.size();
    Entry e;
    e.sig = s;
    e.story = story;
    for (std::size_t b = 0; b < kStoryBands; ++b) {
      auto [it, fresh] = heads[b].try_emplace(band_key(s, b), seq);
      e.next[b] = fresh ? kNone : it->second;
      it->second = seq;
    }
    ring.push_back(std::move(e));
    while (ring.size() > window) {
      const Entry& old = ring.front();
      for (std::size_t b = 0; b < kStoryBands; ++b) {
        auto it = heads[b].find(band_key(old.sig, b));
        if (it != heads[b].end() && it->second == first_seq) heads[b].erase(it);
      }
      ring.pop_front();
      ++first_seq;
    }
  }
};

StoryClusterer::StoryClusterer(std::size_t window, const std::string& prior_path)
    : impl_(std::make_unique<Impl>()) {
  impl_->window = std::max<std::size_t>(window, 1);
  if (!prior_path.empty()) {
    Xapian::Database db(prior_path);
    if (db.get_doccount() > 0) impl_->prior = std::move(db);
  }
}

StoryClusterer::~StoryClusterer() = default;

std::string StoryClusterer::assign(const std::string& id, const StorySignature& s) {
  Impl& im = *impl_;
  if (!s.clusterable()) return id;
  Impl::Best best;
  im.from_window(s, best);
  im.from_prior(s, best);
  std::string story = best.story.empty() ? id : best.story;
  if (story != id) ++im.joined;
  im.insert(s, story);
  return story;
}

std::size_t StoryClusterer::joined() const { return impl_->joined; }

}  // namespace dateline::index
