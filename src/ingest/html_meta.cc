#include "ingest/html_meta.h"

#include <algorithm>
#include <map>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "article/date.h"
#include "ingest/html_dom.h"
#include "ingest/jsonl_fields.h"
#include "util/strings.h"

namespace dateline::ingest::html {
namespace {

using nlohmann::json;

// JSON-LD blocks larger or deeper than this are not article metadata; they
// are skipped rather than parsed.
constexpr std::size_t kMaxJsonLdBytes = 4 << 20;
constexpr std::size_t kMaxJsonLdDepth = kMaxJsonDepth;  // as deep as a JSON Lines record may be
// An author or site name longer than this is a sentence, not a name.
constexpr std::size_t kMaxNameBytes = 200;

std::string clean(std::string_view s) {
  std::string out;
  bool space = false;
  append_collapsed(out, s, space);
  return std::string(util::trim(out));
}

void set_if_empty(std::string& field, std::string_view value) {
  if (field.empty()) field = clean(value);
}

bool article_type(const std::string& t) {
  auto ends = [&](std::string_view suffix) {
    return t.size() >= suffix.size() && t.compare(t.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return ends("Article") || ends("BlogPosting") || t == "Report";
}

bool is_article(const json& obj) {
  auto it = obj.find("@type");
  if (it == obj.end()) return false;
  if (it->is_string()) return article_type(it->get<std::string>());
  if (it->is_array()) {
    for (const json& t : *it)
      if (t.is_string() && article_type(t.get<std::string>())) return true;
  }
  return false;
}

// The first Article-like object in a JSON-LD document: at the top, in an
// array, in @graph or as a page's mainEntity.
const json* find_article(const json& doc) {
  std::vector<const json*> stack{&doc};
  std::size_t visited = 0;
  while (!stack.empty() && ++visited < 10000) {
    const json* v = stack.back();
    stack.pop_back();
    if (v->is_array()) {
      for (auto it = v->rbegin(); it != v->rend(); ++it) stack.push_back(&*it);
    } else if (v->is_object()) {
      if (is_article(*v)) return v;
      for (const char* key : {"mainEntity", "@graph"}) {
        auto it = v->find(key);
        if (it != v->end()) stack.push_back(&*it);
      }
    }
  }
  return nullptr;
}

std::string string_at(const json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end()) return {};
  if (it->is_string()) return clean(it->get<std::string>());
  return {};
}

// A name given as a string, an object with "name", or an array of either.
std::vector<std::string> names_at(const json& obj, const char* key) {
  std::vector<std::string> out;
  auto it = obj.find(key);
  if (it == obj.end()) return out;
  auto one = [&](const json& v) {
    std::string name;
    if (v.is_string())
      name = clean(v.get<std::string>());
    else if (v.is_object())
      name = string_at(v, "name");
    if (!name.empty() && name.size() <= kMaxNameBytes) out.push_back(name);
  };
  if (it->is_array()) {
    for (const json& v : *it) one(v);
  } else {
    one(*it);
  }
  return out;
}

// A string or an array of strings, joined by ", ".
std::string list_at(const json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end()) return {};
  if (it->is_string()) return clean(it->get<std::string>());
  std::string out;
  if (it->is_array()) {
    for (const json& v : *it) {
      if (!v.is_string()) continue;
      if (!out.empty()) out += ", ";
      out += clean(v.get<std::string>());
    }
  }
  return out;
}

std::string strip_by(std::string name) {
  if (util::starts_with_icase(name, "by ")) name = std::string(util::trim(name.substr(3)));
  return name;
}

void add_author(PageMeta& m, std::string name) {
  name = strip_by(clean(name));
  if (name.empty() || name.size() > kMaxNameBytes || name.starts_with("http") || name.starts_with("@"))
    return;
  // The same name in other capitals ("JEFFREY GETTLEMAN") is the same author.
  std::string lower = util::ascii_lower(name);
  for (const std::string& a : m.authors)
    if (util::ascii_lower(a) == lower) return;
  m.authors.push_back(std::move(name));
}

void add_extra(PageMeta& m, const std::string& key, const std::string& value) {
  if (value.empty()) return;
  for (const auto& [k, v] : m.extra)
    if (k == key) return;
  m.extra.emplace_back(key, json(value).dump());
}

void read_json_ld(const json& doc, PageMeta& m) {
  const json* a = find_article(doc);
  if (a == nullptr) return;
  set_if_empty(m.title, string_at(*a, "headline"));
  set_if_empty(m.title, string_at(*a, "name"));
  std::string modified = string_at(*a, "dateModified");
  if (!m.published) m.published = article::parse_date(string_at(*a, "datePublished"));
  if (!m.published) m.published = article::parse_date(modified);
  if (m.authors.empty())
    for (std::string& name : names_at(*a, "author")) add_author(m, std::move(name));
  if (std::vector<std::string> pub = names_at(*a, "publisher"); !pub.empty())
    set_if_empty(m.site, pub.front());
  set_if_empty(m.language, string_at(*a, "inLanguage"));
  set_if_empty(m.url, string_at(*a, "url"));
  if (auto it = a->find("mainEntityOfPage"); it != a->end()) {
    if (it->is_string())
      set_if_empty(m.url, it->get<std::string>());
    else if (it->is_object())
      set_if_empty(m.url, string_at(*it, "@id"));
  }
  set_if_empty(m.description, string_at(*a, "description"));
  if (auto it = a->find("articleBody"); it != a->end() && it->is_string()) m.body = it->get<std::string>();
  add_extra(m, "section", list_at(*a, "articleSection"));
  add_extra(m, "keywords", list_at(*a, "keywords"));
  if (auto t = article::parse_date(modified)) add_extra(m, "modified", article::format_iso(*t));
}

// What a walk over the page gathers before the fields are chosen.
struct Tags {
  std::map<std::string, std::string> meta;  // name/property/itemprop -> first content
  std::vector<std::string> authors;         // every author meta, in order
  std::string byline;                       // the first byline in the page's text
  std::vector<std::string> json_ld;
  std::string title;
  std::string lang;
  std::string canonical;
};

// The name in a byline block, which often holds dates too: the text of the
// first element inside it that is marked as a name, else all its text.
std::string byline_text(const GumboNode* block) {
  std::vector<const GumboNode*> stack;
  auto push_children = [&](const GumboNode* n) {
    const GumboVector& kids = n->v.element.children;
    for (unsigned i = kids.length; i > 0; --i)
      stack.push_back(static_cast<const GumboNode*>(kids.data[i - 1]));
  };
  push_children(block);
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type != GUMBO_NODE_ELEMENT) continue;
    std::string marks;
    for (const char* a : {"itemprop", "rel", "class"})
      if (const char* v = attr(n, a)) marks += util::ascii_lower(v) + ' ';
    if (marks.find("name") != std::string::npos || marks.find("author") != std::string::npos) {
      std::string text = text_of(n);
      if (!text.empty()) return text;
    }
    push_children(n);
  }
  return text_of(block);
}

void read_tag(const GumboNode* n, Tags& t) {
  GumboTag tag = n->v.element.tag;
  if (tag == GUMBO_TAG_HTML) {
    if (const char* lang = attr(n, "lang")) t.lang = lang;
  } else if (tag == GUMBO_TAG_TITLE) {
    if (t.title.empty()) t.title = text_of(n);
  } else if (tag == GUMBO_TAG_LINK) {
    const char* rel = attr(n, "rel");
    const char* href = attr(n, "href");
    if (rel && href && util::ascii_lower(util::trim(rel)) == "canonical" && t.canonical.empty())
      t.canonical = util::trim(href);
  } else if (tag == GUMBO_TAG_META) {
    const char* key = attr(n, "property");
    if (!key) key = attr(n, "name");
    if (!key) key = attr(n, "itemprop");
    if (!key) key = attr(n, "http-equiv");
    const char* content = attr(n, "content");
    if (!key || !content) return;
    std::string k = util::ascii_lower(util::trim(key));
    if (k == "author" || k == "article:author" || k == "og:article:author" || k == "parsely-author" ||
        k == "sailthru.author" || k == "dc.creator" || k == "byl")
      t.authors.push_back(content);
    t.meta.emplace(k, content);
  } else if (tag == GUMBO_TAG_SCRIPT) {
    const char* type = attr(n, "type");
    if (!type || util::ascii_lower(util::trim(type)) != "application/ld+json") return;
    std::string text;
    for (unsigned i = 0; i < n->v.element.children.length; ++i) {
      const auto* c = static_cast<const GumboNode*>(n->v.element.children.data[i]);
      if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_WHITESPACE || c->type == GUMBO_NODE_CDATA)
        text += c->v.text.text;
    }
    t.json_ld.push_back(std::move(text));
  } else {
    // Microdata on the page itself: <time itemprop="datePublished">.
    std::string prop = attr(n, "itemprop") ? util::ascii_lower(util::trim(attr(n, "itemprop"))) : "";
    if (prop == "datepublished") {
      const char* v = attr(n, "datetime");
      if (!v) v = attr(n, "content");
      if (v) t.meta.emplace("itemprop:datepublished", v);
    }
    // A byline in the text: itemprop="author", rel="author" or a class
    // that says byline.
    if (!t.byline.empty()) return;
    const char* rel = attr(n, "rel");
    const char* cls = attr(n, "class");
    if (prop == "author" || (rel && util::ascii_lower(rel) == "author") ||
        (cls && util::ascii_lower(cls).find("byline") != std::string::npos)) {
      std::string text = byline_text(n);
      if (!text.empty() && text.size() <= kMaxNameBytes / 2) t.byline = std::move(text);
    }
  }
}

std::string first_meta(const Tags& t, std::initializer_list<const char*> keys) {
  for (const char* k : keys) {
    auto it = t.meta.find(k);
    if (it != t.meta.end()) {
      std::string v = clean(it->second);
      if (!v.empty()) return v;
    }
  }
  return {};
}

// "Headline | Site" or "Headline - Site" without the site, when the site
// is known.
std::string strip_site(const std::string& title, const std::string& site) {
  if (site.empty()) return title;
  std::string lsite = util::ascii_lower(site);
  for (std::string_view sep : {" | ", " - ", " – ", " — ", " :: ", " · "}) {
    std::size_t at = title.rfind(sep);
    if (at == std::string::npos || at == 0) continue;
    if (util::ascii_lower(util::trim(std::string_view(title).substr(at + sep.size()))) == lsite)
      return std::string(util::trim(std::string_view(title).substr(0, at)));
  }
  return title;
}

}  // namespace

PageMeta read_meta(const GumboNode* document) {
  Tags t;
  std::vector<const GumboNode*> stack{document};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    const GumboVector* kids = nullptr;
    if (n->type == GUMBO_NODE_DOCUMENT) {
      kids = &n->v.document.children;
    } else if (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE) {
      read_tag(n, t);
      kids = &n->v.element.children;
    }
    if (kids)
      for (unsigned i = kids->length; i > 0; --i)
        stack.push_back(static_cast<const GumboNode*>(kids->data[i - 1]));
  }

  PageMeta m;
  for (const std::string& text : t.json_ld) {
    if (text.size() > kMaxJsonLdBytes || json_nested_deeper_than(text, kMaxJsonLdDepth)) continue;
    json doc = json::parse(text, nullptr, /*allow_exceptions=*/false, /*ignore_comments=*/true);
    if (doc.is_discarded()) continue;
    read_json_ld(doc, m);
  }

  set_if_empty(m.title, first_meta(t, {"og:title", "twitter:title", "parsely-title", "sailthru.title",
                                       "dc.title", "headline"}));
  if (!m.published) {
    for (const char* k :
         {"article:published_time", "og:article:published_time", "article:published", "og:published_time",
          "parsely-pub-date", "sailthru.date", "dc.date.issued", "dc.date", "datepublished",
          "itemprop:datepublished", "pubdate", "publish-date", "publishdate", "date"}) {
      auto it = t.meta.find(k);
      if (it == t.meta.end()) continue;
      if ((m.published = article::parse_date(util::trim(it->second)))) break;
    }
  }
  if (m.authors.empty())
    for (const std::string& a : t.authors) add_author(m, a);
  if (m.authors.empty() && !t.byline.empty()) add_author(m, t.byline);
  set_if_empty(m.site, first_meta(t, {"og:site_name", "application-name", "publisher"}));
  // The canonical link names the page best; a relative one is no id.
  std::string ld_url = std::exchange(m.url, {});
  if (t.canonical.starts_with("http")) m.url = t.canonical;
  set_if_empty(m.url, first_meta(t, {"og:url", "twitter:url"}));
  set_if_empty(m.url, ld_url);
  set_if_empty(m.description,
               first_meta(t, {"description", "og:description", "twitter:description", "dc.description"}));
  set_if_empty(m.language, t.lang);
  set_if_empty(m.language, first_meta(t, {"content-language", "dc.language", "inlanguage"}));
  if (m.language.empty()) {
    std::string locale = first_meta(t, {"og:locale"});
    std::replace(locale.begin(), locale.end(), '_', '-');
    m.language = locale;
  }
  add_extra(m, "section", first_meta(t, {"article:section", "parsely-section", "section"}));
  add_extra(m, "keywords", first_meta(t, {"news_keywords", "keywords", "parsely-tags"}));
  if (auto mod = article::parse_date(first_meta(t, {"article:modified_time", "og:updated_time"})))
    add_extra(m, "modified", article::format_iso(*mod));
  std::string page_title = strip_site(clean(t.title), m.site);
  set_if_empty(m.title, page_title);
  // A headline cut short ("... for Hong Kong leader...") gives way to a
  // title that reads on from it.
  for (std::string_view dots : {"...", "…"}) {
    if (!m.title.ends_with(dots)) continue;
    std::string stem =
        std::string(util::trim(std::string_view(m.title).substr(0, m.title.size() - dots.size())));
    for (const std::string& whole : {first_meta(t, {"og:title", "twitter:title"}), page_title})
      if (whole.size() > stem.size() && whole.starts_with(stem) && !whole.ends_with(dots)) {
        m.title = whole;
        break;
      }
  }
  return m;
}

}  // namespace dateline::ingest::html
