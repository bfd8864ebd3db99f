#include "entities/ner_model_file.h"

#include <bit>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>

#include "util/error.h"

namespace dateline::entities::ner_internal {

static_assert(std::endian::native == std::endian::little, "the model file is little-endian");

void WeightSet::read(ByteReader& in) {
  std::uint64_t n = in.u64();
  if (n >= WeightSet::kEmpty) in.fail("too many features");
  in.need(n * 9);
  float scale = in.f32();
  if (!std::isfinite(scale) || scale <= 0) in.fail("bad weight scale");
  std::size_t capacity = 1024;
  while (capacity < 2 * n) capacity *= 2;
  slots_.assign(capacity, Slot{0, kEmpty});
  mask_ = capacity - 1;
  rows_.assign(n * kNumLabels, 0);
  for (std::uint64_t r = 0; r < n; ++r) {
    std::uint64_t key = in.u64();
    std::size_t i = key & mask_;
    const auto check = static_cast<std::uint32_t>(key >> 32);
    while (slots_[i].row != kEmpty) {
      if (slots_[i].check == check) in.fail("duplicate feature");
      i = (i + 1) & mask_;
    }
    slots_[i] = {check, static_cast<std::uint32_t>(r)};
    std::uint8_t nnz = in.u8();
    for (std::uint8_t k = 0; k < nnz; ++k) {
      std::uint8_t l = in.u8();
      std::int16_t q = in.i16();
      if (l >= kNumLabels) in.fail("bad label");
      rows_[r * kNumLabels + l] = q;
    }
  }
}

void read_model_file(const std::string& path, Resources& res, WeightSet sets[2], int& document_passes) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw Error(path + ": cannot open NER model");
  std::string data((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  ByteReader in(data, path);
  char magic[8];
  if (data.size() < 2 * sizeof magic + 8) in.fail("too short");
  in.raw(magic, sizeof magic);
  if (std::memcmp(magic, kMagic, sizeof magic) != 0) {
    in.fail("not a dateline NER model (bad magic)");
  }
  // A checksum of everything before it, then the trailer.
  if (std::memcmp(data.data() + data.size() - sizeof kTrailer, kTrailer, sizeof kTrailer) != 0) {
    in.fail("bad trailer (truncated?)");
  }
  const std::size_t body = data.size() - sizeof kTrailer - 8;
  std::uint64_t checksum;
  std::memcpy(&checksum, data.data() + body, sizeof checksum);
  if (checksum != hash_bytes(std::string_view(data).substr(0, body))) {
    in.fail("checksum mismatch (corrupt file)");
  }
  std::uint32_t version = in.u32();
  if (version != kFormatVersion) {
    in.fail("format version " + std::to_string(version) + ", expected " + std::to_string(kFormatVersion));
  }
  std::uint32_t features = in.u32();
  if (features != kFeatureVersion) {
    in.fail("feature version " + std::to_string(features) + ", expected " + std::to_string(kFeatureVersion) +
            "; retrain with ner-train");
  }
  if (in.u32() != kNumLabels) in.fail("wrong number of labels");
  std::uint32_t passes = in.u32();
  if (passes < 1 || passes > 2) in.fail("expected one or two document passes");
  document_passes = static_cast<int>(passes);
  res.read(in);
  std::uint32_t count = in.u32();
  if (count < 1 || count > 2) in.fail("expected one or two weight sets");
  sets[kSentenceSet].read(in);
  if (count == 2) sets[kDocumentSet].read(in);
  in.u64();  // the checksum, verified above
  char trailer[8];
  in.raw(trailer, sizeof trailer);
  if (std::memcmp(trailer, kTrailer, sizeof trailer) != 0 || !in.at_end()) {
    in.fail("bad trailer");
  }
}

}  // namespace dateline::entities::ner_internal
