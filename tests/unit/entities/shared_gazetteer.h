#pragma once

// The gazetteer of data/gazetteer, loaded once for all the entity tests.

#include <memory>
#include <string>

#include "entities/gazetteer.h"

#ifndef DATELINE_SOURCE_DIR
#define DATELINE_SOURCE_DIR "."
#endif

namespace dateline::entities::test_support {

/// The project's gazetteer; loaded on first use, then shared. Throws
/// dateline::Error if data/gazetteer is missing.
inline std::shared_ptr<const Gazetteer> shared_gazetteer() {
  static std::shared_ptr<const Gazetteer> g =
      Gazetteer::load(std::string(DATELINE_SOURCE_DIR) + "/data/gazetteer");
  return g;
}

}  // namespace dateline::entities::test_support
