#include "entities/data_dir.h"

#include <cstdlib>

#ifndef DATELINE_DATA_DIR
#error "DATELINE_DATA_DIR must name the data directory (src/CMakeLists.txt sets it)"
#endif

namespace dateline::entities {

std::string default_data_dir() {
  const char* env = std::getenv("DATELINE_DATA");
  if (env != nullptr && *env != '\0') return env;
  return DATELINE_DATA_DIR;
}

}  // namespace dateline::entities
