#include "search/options.h"

#include <cctype>
#include <cmath>
#include <exception>

#include "util/error.h"
#include "util/strings.h"

namespace dateline::search {

SortOrder parse_sort(std::string_view s) {
  if (s == "relevance") return SortOrder::kRelevance;
  if (s == "newest") return SortOrder::kNewest;
  if (s == "oldest") return SortOrder::kOldest;
  if (s == "recent") return SortOrder::kRecent;
  throw InputError("", 0, "unknown sort '" + std::string(s) + "' (use relevance, newest, oldest or recent)",
                   "sort");
}

const char* sort_name(SortOrder s) {
  switch (s) {
    case SortOrder::kRelevance: return "relevance";
    case SortOrder::kNewest: return "newest";
    case SortOrder::kOldest: return "oldest";
    case SortOrder::kRecent: return "recent";
  }
  return "relevance";
}

double parse_half_life(const std::string& s) {
  std::string_view t = util::trim(s);
  if (t.empty()) throw InputError("", 0, "'half_life' is empty", "half_life");
  char unit = t.back();
  bool has_unit = !std::isdigit(static_cast<unsigned char>(unit)) && unit != '.';
  std::string num(has_unit ? t.substr(0, t.size() - 1) : t);
  double v = 0;
  bool ok = !num.empty() && num.size() < 32;
  for (char c : num) ok = ok && (std::isdigit(static_cast<unsigned char>(c)) || c == '.');
  if (ok) {
    try {
      std::size_t used = 0;
      v = std::stod(num, &used);
      ok = used == num.size();
    } catch (const std::exception&) {
      ok = false;
    }
  }
  if (!ok) {
    throw InputError("", 0, "'half_life' must look like 30d, 12h, 2w or 1y: \"" + s + "\"", "half_life");
  }
  switch (has_unit ? unit : 'd') {
    case 'h': v /= 24; break;
    case 'd': break;
    case 'w': v *= 7; break;
    case 'm': v *= 30.44; break;
    case 'y': v *= 365.25; break;
    default: throw InputError("", 0, "'half_life' unit must be h, d, w, m or y: \"" + s + "\"", "half_life");
  }
  if (!(v > 0) || !std::isfinite(v)) {
    throw InputError("", 0, "'half_life' must be positive: \"" + s + "\"", "half_life");
  }
  return v;
}

bool parse_by_story(std::string_view s, const std::string& param) {
  const std::string v(util::trim(s));
  if (v == "story") return true;
  if (v.empty() || v == "none" || v == "article") return false;
  throw InputError("", 0, "'" + param + "' must be story or none: \"" + std::string(s) + "\"", param);
}

}  // namespace dateline::search
