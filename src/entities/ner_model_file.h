#pragma once

// Private to the NER tagger (ner.cc) and its training (ner_model_write.cc):
// the layout of the model file. Not part of the API.

#include <cstdint>
#include <string>
#include <vector>

#include "entities/ner_internal.h"

namespace dateline::entities::ner_internal {

// Layout, little-endian; strings are u32 length + bytes:
//   "DLNERMOD", u32 format version, u32 feature version, u32 labels (17),
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
inline constexpr std::uint32_t kFormatVersion = 1;  // DO NOT reuse numbers
// Bump when the feature templates change meaning.
inline constexpr std::uint32_t kFeatureVersion = 1;

/// Writes a model file with one or two weight sets: [0] for lone
/// sentences (tag), [1], if present, for sentences with document features
/// (tag_document). Throws dateline::Error on I/O failure. Weights with
/// absolute value below prune are dropped; the rest are quantised to 16
/// bits. Defined in the training library (ner_model_write.cc).
void write_model(const std::string& path, const Resources& res,
                 const std::vector<const Weights*>& sets, float prune);

}  // namespace dateline::entities::ner_internal
