#pragma once

#include <string>

namespace dateline::entities {

/// The data directory: the NER model (ner-en.model), the gazetteer
/// (gazetteer/) and the training lists (ner/). $DATELINE_DATA if set and
/// non-empty, else the data/ directory of the source tree (the
/// DATELINE_DATA_DIR build macro). Reads the environment on every call;
/// thread safe as long as nobody changes the environment meanwhile. The one
/// place that knows where the data lives.
[[nodiscard]] std::string default_data_dir();

}  // namespace dateline::entities
