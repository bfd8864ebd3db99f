// Writing NER model files, and reading the training lists they are built
// from: the training library's half of ner_model_file.h. The tagger only
// reads models (ner.cc).

#include <algorithm>
#include <cmath>
#include <fstream>

#include "entities/clusters.h"
#include "entities/ner_internal.h"
#include "entities/ner_model_file.h"
#include "util/error.h"

namespace dateline::entities::ner_internal {
namespace {

std::string list_name_of(const std::string& path) {
  std::string name = path.substr(path.find_last_of('/') + 1);
  if (name.size() > 4 && name.ends_with(".txt")) name.resize(name.size() - 4);
  if (name.starts_with("gaz-")) name = name.substr(4);
  return name;
}

}  // namespace

void Resources::load_files(const std::vector<std::string>& gazetteer_paths,
                           const std::string& clusters_path) {
  if (gazetteer_paths.size() > kMaxGazetteerLists) {
    throw Error("at most " + std::to_string(kMaxGazetteerLists) + " gazetteer lists are supported");
  }
  list_names_.clear();
  lists_.clear();
  for (const std::string& path : gazetteer_paths) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path + ": cannot open gazetteer list");
    std::vector<std::uint64_t> keys;
    std::string line;
    while (std::getline(in, line)) {
      // Entries are tokens separated by spaces.
      std::vector<std::string_view> tokens = split_fields(line, " \t\r");
      if (tokens.empty() || tokens.size() > kMaxGazetteerTokens) continue;
      keys.push_back(entry_key(tokens));
    }
    list_names_.push_back(list_name_of(path));
    lists_.push_back(std::move(keys));
  }
  words_.clear();
  if (!clusters_path.empty()) {
    for (const WordCluster& w : read_clusters(clusters_path)) {
      // Only the first kMaxClusterBits bits of a path are ever used.
      words_.push_back({hash_bytes(w.word), hash_lower(w.word), w.count,
                        w.bits.substr(0, std::min(w.bits.size(), kMaxClusterBits))});
    }
  }
  build();
}

void Resources::write(ByteWriter& out) const {
  out.u32(static_cast<std::uint32_t>(lists_.size()));
  for (std::size_t l = 0; l < lists_.size(); ++l) {
    out.str(list_names_[l]);
    // Sorted, so the file does not depend on the order of the input lines.
    std::vector<std::uint64_t> keys = lists_[l];
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    out.u32(static_cast<std::uint32_t>(keys.size()));
    for (std::uint64_t k : keys) out.u64(k);
  }
  out.u32(static_cast<std::uint32_t>(words_.size()));
  for (const ClusterWord& w : words_) {
    out.u64(w.exact);
    out.u64(w.folded);
    out.u64(w.count);
    out.str(w.bits);
  }
}

namespace {

void write_weights(ByteWriter& out, const Weights& weights, float prune) {
  float max_abs = 0;
  for (float w : weights.rows) max_abs = std::max(max_abs, std::fabs(w));
  const float scale = max_abs > 0 ? max_abs / 32767.0f : 1.0f;
  // Sorted keys make the file independent of hash-table layout.
  std::vector<std::size_t> order(weights.keys.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return weights.keys[a] < weights.keys[b]; });
  ByteWriter body;
  std::uint64_t kept = 0;
  for (std::size_t r : order) {
    const float* row = &weights.rows[r * kNumLabels];
    std::uint8_t nnz = 0;
    std::int16_t q[kNumLabels];
    for (int l = 0; l < kNumLabels; ++l) {
      float w = row[l];
      q[l] = std::fabs(w) < prune ? 0 : static_cast<std::int16_t>(std::lround(w / scale));
      nnz += q[l] != 0;
    }
    if (nnz == 0) continue;
    ++kept;
    body.u64(weights.keys[r]);
    body.u8(nnz);
    for (int l = 0; l < kNumLabels; ++l) {
      if (q[l] == 0) continue;
      body.u8(static_cast<std::uint8_t>(l));
      body.i16(q[l]);
    }
  }
  out.u64(kept);
  out.f32(scale);
  out.raw(body.bytes().data(), body.bytes().size());
}

}  // namespace

void write_model(const std::string& path, const Resources& res, const std::vector<const Weights*>& sets,
                 float prune, int document_passes) {
  if (sets.empty() || sets.size() > 2) {
    throw std::logic_error("write_model: one or two weight sets");
  }
  ByteWriter out;
  out.raw(kMagic, sizeof kMagic);
  out.u32(kFormatVersion);
  out.u32(kFeatureVersion);
  out.u32(kNumLabels);
  out.u32(static_cast<std::uint32_t>(document_passes));
  res.write(out);
  out.u32(static_cast<std::uint32_t>(sets.size()));
  for (const Weights* w : sets) write_weights(out, *w, prune);
  out.u64(hash_bytes(out.bytes()));
  out.raw(kTrailer, sizeof kTrailer);

  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (!f) throw Error(path + ": cannot open for writing");
  f.write(out.bytes().data(), static_cast<std::streamsize>(out.bytes().size()));
  f.flush();
  if (!f) throw Error(path + ": write failed");
}

}  // namespace dateline::entities::ner_internal
