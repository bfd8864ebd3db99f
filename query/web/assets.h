#pragma once

#include <vector>

#include "http/handler.h"

namespace dateline::query {

/// The search page (query/web/, embedded at build time by embed.cmake):
/// index.html at "/", the other files at "/static/<name>".
[[nodiscard]] std::vector<http::StaticFile> web_files();

}  // namespace dateline::query
