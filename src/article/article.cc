#include "article/article.h"

#include "article/date.h"
#include "util/strings.h"

namespace dateline::article {

void assign_id(Article& a) {
  if (!a.id.empty()) return;
  if (!a.url.empty()) {
    a.id = a.url;
    return;
  }
  std::string key =
      a.source + '\x1f' + a.title + '\x1f' + (a.published ? format_iso(*a.published) : std::string());
  if (a.title.empty()) key += '\x1f' + a.body.substr(0, 512);
  a.id = "h" + util::hex64(util::fnv1a64(key));
}

std::string content_id(const Article& a) {
  std::string key = a.source + '\x1f' + a.title + '\x1f' +
                    (a.published ? format_iso(*a.published) : std::string()) + '\x1f' + a.body;
  return "c" + util::hex64(util::fnv1a64(key));
}

std::string validate(const Article& a) {
  if (util::trim(a.title).empty() && util::trim(a.body).empty()) {
    return "article has neither title nor body";
  }
  return {};
}

}  // namespace dateline::article
