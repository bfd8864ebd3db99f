#pragma once

// Private to the NER tagger (ner.cc) and its training (ner_model_write.cc):
// the model file, its layout, reading and writing. Not part of the API.

#include <cstdint>
#include <string>
#include <vector>

#include "entities/ner_internal.h"

namespace dateline::entities::ner_internal {

// Layout, little-endian; strings are u32 length + bytes:
//   "DLNERMOD", u32 format version, u32 feature version, u32 labels (17),
//   u32 document passes (1, or 2: tag_document tags the article again with
//     what the first pass said about every word, see ner.cc),
//   u32 lists, per list: string name, u32 n, n x u64 entry key (sorted),
//   u32 words, per word: u64 exact hash, u64 folded hash, u64 count,
//     string cluster path (<= 20 bits),
//   u32 weight sets (1: tag only; 2: tag, tag_document), per set:
//     u64 n, f32 scale, n x (u64 feature key (sorted), u8 k,
//       k x (u8 label, i16 weight / scale)),
//   u64 FNV-1a of all the bytes before it, "DLNEREND".

// DO NOT CHANGE: embedded in every model file.
inline constexpr char kMagic[8] = {'D', 'L', 'N', 'E', 'R', 'M', 'O', 'D'};
inline constexpr char kTrailer[8] = {'D', 'L', 'N', 'E', 'R', 'E', 'N', 'D'};
inline constexpr std::uint32_t kFormatVersion = 2;  // DO NOT reuse numbers
// Bump when the feature templates change meaning.
inline constexpr std::uint32_t kFeatureVersion = 1;

/// One set of weights as the tagger reads it: a hash table from feature key
/// to a row of kNumLabels quantised weights. Immutable once read, so thread
/// safe.
class WeightSet {
 public:
  /// Reads one set as write_model stored it; throws dateline::Error naming
  /// the file for a bad count, scale, label or a duplicate key.
  void read(ByteReader& in);
  /// True before read(): a model file without this set.
  [[nodiscard]] bool empty() const { return slots_.empty(); }

  /// Row of key, or kEmpty.
  std::uint32_t find(std::uint64_t key) const {
    std::size_t i = key & mask_;
    const auto check = static_cast<std::uint32_t>(key >> 32);
    while (true) {
      const Slot& s = slots_[i];
      if (s.row == kEmpty || s.check == check) return s.row;
      i = (i + 1) & mask_;
    }
  }
  /// Starts loading what find(key) will read.
  void prefetch_slot(std::uint64_t key) const { __builtin_prefetch(&slots_[key & mask_]); }
  /// Starts loading the weights of row (nothing for kEmpty).
  void prefetch_row(std::uint32_t row) const {
    if (row == kEmpty) return;
    const std::int16_t* w = &rows_[static_cast<std::size_t>(row) * kNumLabels];
    __builtin_prefetch(w);
    __builtin_prefetch(w + kNumLabels - 1);
  }
  /// Adds the weights of row to scores (nothing for kEmpty).
  void add_row(std::uint32_t row, std::int32_t scores[kNumLabels]) const {
    if (row == kEmpty) return;
    const std::int16_t* w = &rows_[static_cast<std::size_t>(row) * kNumLabels];
    for (int l = 0; l < kNumLabels; ++l) scores[l] += w[l];
  }

  static constexpr std::uint32_t kEmpty = 0xffffffffu;

 private:
  // 8-byte slots: the low bits of a key pick the slot, its high 32 bits are
  // kept to confirm the match (about 2^-50 chance of a false hit).
  struct Slot {
    std::uint32_t check;
    std::uint32_t row;  // kEmpty when unused
  };

  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  std::vector<std::int16_t> rows_;  // quantised weights, kNumLabels per row
};

/// The weight set tag() uses, and the one tag_document() uses (empty in a
/// model trained without document features).
inline constexpr int kSentenceSet = 0;
inline constexpr int kDocumentSet = 1;

/// Reads the model file at path: its lists and clusters into res, its one
/// or two weight sets into sets (sets[kDocumentSet] stays empty for one).
/// Checks magic, versions, checksum and trailer; throws dateline::Error
/// naming path when the file is missing, truncated, corrupt or of another
/// version. document_passes gets the number of passes tag_document makes.
void read_model_file(const std::string& path, Resources& res, WeightSet sets[2], int& document_passes);

/// Writes a model file with one or two weight sets: [0] for lone
/// sentences (tag), [1], if present, for sentences with document features
/// (tag_document). Throws dateline::Error on I/O failure. Weights with
/// absolute value below prune are dropped; the rest are quantised to 16
/// bits. document_passes (1 or 2) is stored for tag_document. Defined in
/// the training library (ner_model_write.cc).
void write_model(const std::string& path, const Resources& res, const std::vector<const Weights*>& sets,
                 float prune, int document_passes);

}  // namespace dateline::entities::ner_internal
