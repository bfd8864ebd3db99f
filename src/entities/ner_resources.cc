// The NER model's word lists and Brown clusters (Resources), the feature
// table they are indexed with, and the reader of model file bytes. See
// ner_internal.h.

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "entities/ner_internal.h"
#include "util/error.h"

namespace dateline::entities::ner_internal {

// --- FeatureTable -------------------------------------------------------------

void FeatureTable::rehash(std::size_t capacity) {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(capacity, Slot{0, 0});
  mask_ = capacity - 1;
  for (const Slot& s : old) {
    if (s.key == 0) continue;
    std::size_t i = s.key & mask_;
    while (slots_[i].key != 0) i = (i + 1) & mask_;
    slots_[i] = s;
  }
}

void FeatureTable::reserve(std::size_t n) {
  std::size_t cap = slots_.size();
  while (cap < 2 * n) cap *= 2;
  if (cap != slots_.size()) rehash(cap);
}

std::uint32_t FeatureTable::insert(std::uint64_t key) {
  if (2 * (size_ + 1) > slots_.size()) rehash(slots_.size() * 2);
  std::size_t i = key & mask_;
  while (true) {
    Slot& s = slots_[i];
    if (s.key == key) return s.row;
    if (s.key == 0) {
      s.key = key;
      s.row = static_cast<std::uint32_t>(size_++);
      return s.row;
    }
    i = (i + 1) & mask_;
  }
}

std::vector<std::uint64_t> FeatureTable::keys_by_row() const {
  std::vector<std::uint64_t> keys(size_);
  for (const Slot& s : slots_) {
    if (s.key != 0) keys[s.row] = s.key;
  }
  return keys;
}

// --- ByteReader ---------------------------------------------------------------

void ByteReader::fail(const std::string& what) const {
  throw Error(path_ + ": malformed NER model: " + what);
}

void ByteReader::need(std::uint64_t n) const {
  if (n > static_cast<std::uint64_t>(end_ - p_)) fail("truncated");
}

void ByteReader::raw(void* out, std::size_t n) {
  need(n);
  std::memcpy(out, p_, n);
  p_ += n;
}

std::string_view ByteReader::str() {
  std::uint32_t n = u32();
  need(n);
  std::string_view s(p_, n);
  p_ += n;
  return s;
}

// --- Resources ----------------------------------------------------------------

namespace {

// Tags that keep exact-case and folded cluster keys apart in one table.
constexpr std::uint64_t kExactTag = 0x5bd1e9955bd1e995ULL;
constexpr std::uint64_t kFoldTag = 0x27d4eb2f165667c5ULL;
constexpr std::size_t kPrefixLengths[4] = {4, 6, 10, 20};

}  // namespace

std::uint64_t Resources::entry_key(const std::vector<std::string_view>& tokens) {
  std::uint64_t h = kFnvOffset;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    h = gazetteer_step(h, tokens[i], i == 0);
  }
  return h;
}

void Resources::add_list(std::string name, std::vector<std::uint64_t> keys) {
  if (lists_.size() >= kMaxGazetteerLists) {
    throw Error("at most " + std::to_string(kMaxGazetteerLists) + " gazetteer lists are supported");
  }
  list_names_.push_back(std::move(name));
  lists_.push_back(std::move(keys));
  build();
}

void Resources::read(ByteReader& in) {
  std::uint32_t lists = in.u32();
  if (lists > kMaxGazetteerLists) in.fail("too many gazetteer lists");
  list_names_.assign(lists, {});
  lists_.assign(lists, {});
  for (std::uint32_t l = 0; l < lists; ++l) {
    list_names_[l] = in.str();
    std::uint32_t n = in.u32();
    in.need(std::uint64_t{n} * 8);
    lists_[l].resize(n);
    for (std::uint64_t& k : lists_[l]) k = in.u64();
  }
  std::uint32_t n = in.u32();
  in.need(std::uint64_t{n} * 28);
  words_.assign(n, {});
  for (ClusterWord& w : words_) {
    w.exact = in.u64();
    w.folded = in.u64();
    w.count = in.u64();
    w.bits = in.str();
    if (w.bits.empty() || w.bits.size() > kMaxClusterBits ||
        w.bits.find_first_not_of("01") != std::string::npos) {
      in.fail("bad cluster path");
    }
  }
  build();
}

void Resources::build() {
  gaz_index_ = FeatureTable();
  gaz_masks_.clear();
  for (std::size_t l = 0; l < lists_.size(); ++l) {
    for (std::uint64_t h : lists_[l]) {
      std::uint32_t row = gaz_index_.insert(mix64(h) | 1);
      if (row == gaz_masks_.size()) gaz_masks_.push_back(0);
      gaz_masks_[row] |= 1u << l;
    }
  }
  cluster_index_ = FeatureTable();
  cluster_index_.reserve(words_.size() * 2);
  cluster_rows_.clear();
  prefixes_.assign(words_.size(), {});
  // Table rows are insertion numbers. For folded lookups the most frequent
  // spelling wins ("Iran" over "IRAN"): words_ is most frequent first and a
  // key inserted again keeps its first row.
  auto index = [&](std::uint64_t key, std::size_t c) {
    if (cluster_index_.insert(key) == cluster_rows_.size()) {
      cluster_rows_.push_back(static_cast<std::uint32_t>(c));
    }
  };
  for (std::size_t c = 0; c < words_.size(); ++c) {
    const ClusterWord& w = words_[c];
    index(mix64(w.exact ^ kExactTag) | 1, c);
    index(mix64(w.folded ^ kFoldTag) | 1, c);
    for (int k = 0; k < 4; ++k) {
      std::string_view p(w.bits);
      p = p.substr(0, std::min(p.size(), kPrefixLengths[k]));
      prefixes_[c][k] = hash_bytes(p);
    }
  }
}

std::uint32_t Resources::gazetteer_mask(std::uint64_t h) const {
  std::int64_t row = gaz_index_.find(mix64(h) | 1);
  return row < 0 ? 0 : gaz_masks_[row];
}

std::int64_t Resources::cluster_of(std::uint64_t h, bool fold) const {
  std::int64_t row = cluster_index_.find(mix64(h ^ (fold ? kFoldTag : kExactTag)) | 1);
  return row < 0 ? -1 : static_cast<std::int64_t>(cluster_rows_[row]);
}

}  // namespace dateline::entities::ner_internal
