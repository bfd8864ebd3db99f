#include "ingest/feed_reader.h"

#include <optional>
#include <vector>

#include "article/date.h"
#include "ingest/html_text.h"
#include "ingest/xml_internal.h"
#include "util/strings.h"

namespace dateline::ingest {
namespace {

using xml::attr;
using xml::child;
using xml::children;
using xml::text;

enum class Kind { kRss, kRdf, kAtom };

// Where the items are and what the whole feed says about them.
struct Channel {
  Kind kind = Kind::kRss;
  std::string title;
  std::string language;
  std::vector<std::string> authors;  // Atom feed-level authors, for entries without their own
};

std::string atom_text(const xmlNode* n) {
  if (n == nullptr) return {};
  std::string type = util::ascii_lower(attr(n, "type"));
  if (type == "html" || type == "text/html") return html_to_text(xml::raw_text(n));
  if (type == "xhtml" || type == "application/xhtml+xml") return xml::paragraphs(n);
  return xml::text_paragraphs(xml::raw_text(n));
}

std::string atom_title(const xmlNode* n) {
  if (n == nullptr) return {};
  std::string type = util::ascii_lower(attr(n, "type"));
  if (type == "html" || type == "xhtml") return xml::collapse_space(html_to_text(xml::raw_text(n)));
  return text(n);
}

// The entry's link to the article: rel="alternate" or no rel.
std::string atom_link(const xmlNode* entry) {
  std::string fallback;
  for (const xmlNode* l : children(entry, "link")) {
    std::string rel = attr(l, "rel");
    std::string href = attr(l, "href");
    if (rel.empty() || rel == "alternate") return std::string(util::trim(href));
    if (fallback.empty() && rel != "self" && rel != "enclosure" && rel != "replies") fallback = href;
  }
  return std::string(util::trim(fallback));
}

std::vector<std::string> atom_authors(const xmlNode* n) {
  std::vector<std::string> out;
  for (const xmlNode* a : children(n, "author")) {
    std::string name = text(child(a, "name"));
    if (name.empty()) name = xml::person_name(text(child(a, "email")));
    if (!name.empty()) out.push_back(name);
  }
  return out;
}

// The first date among the elements, in order of preference; a text that
// does not parse is warned about and the next one tried.
std::optional<std::int64_t> first_date(const std::vector<const xmlNode*>& nodes, const std::string& path,
                                       std::size_t n, ErrorSink& sink) {
  for (const xmlNode* d : nodes) {
    if (d == nullptr) continue;
    std::string t = text(d);
    if (t.empty()) continue;
    if (auto s = article::parse_date(t)) return s;
    sink.warn(InputError(path, n,
                         "'" + std::string(xml::local_name(d)) + "' is not an RFC 822 or ISO 8601 date: \"" +
                             util::printable(t.substr(0, 80)) + "\"",
                         std::string(xml::local_name(d)), LocationUnit::kItem));
  }
  return std::nullopt;
}

bool read_rss_item(const xmlNode* item, std::size_t n, const Channel& ch, const std::string& path,
                   ErrorSink& sink, article::Article& a) {
  a.title = text(child(item, "title"));
  if (a.title.find('<') != std::string::npos) a.title = xml::collapse_space(html_to_text(a.title));
  a.url = std::string(util::trim(xml::raw_text(child(item, "link"))));
  const xmlNode* guid = child(item, "guid");
  a.id = text(guid);
  if (a.id.empty() && ch.kind == Kind::kRdf) a.id = attr(item, "about");
  // A guid is a permalink unless it says otherwise.
  if (a.url.empty() && guid != nullptr && attr(guid, "isPermaLink") != "false" &&
      (a.id.rfind("http://", 0) == 0 || a.id.rfind("https://", 0) == 0))
    a.url = a.id;
  std::string description = html_to_text(xml::raw_text(child(item, "description")));
  std::string encoded = html_to_text(xml::raw_text(child(item, "encoded")));
  if (!encoded.empty()) {
    a.body = std::move(encoded);
    if (description != a.body) a.standfirst = xml::collapse_space(description);
  } else {
    a.body = std::move(description);
  }
  for (const xmlNode* c : children(item, "creator")) {
    std::string name = xml::person_name(text(c));
    if (!name.empty()) a.authors.push_back(name);
  }
  for (const xmlNode* c : children(item, "author")) {
    std::string name = xml::person_name(text(c));
    if (!name.empty() && std::find(a.authors.begin(), a.authors.end(), name) == a.authors.end())
      a.authors.push_back(name);
  }
  a.published = first_date({child(item, "pubDate"), child(item, "date")}, path, n, sink);
  a.language = text(child(item, "language"));
  if (a.language.empty()) a.language = xml::lang(item);
  if (a.language.empty()) a.language = ch.language;
  a.source = ch.title;
  std::vector<std::string> categories;
  for (const xmlNode* c : children(item, "category")) categories.push_back(text(c));
  for (const xmlNode* c : children(item, "subject")) categories.push_back(text(c));  // dc:subject
  xml::Extras extras(a);
  extras.add_strings("categories", categories);
  if (const xmlNode* comments = child(item, "comments"))
    extras.add_string("comments", std::string(util::trim(xml::raw_text(comments))));
  return true;
}

bool read_atom_entry(const xmlNode* entry, std::size_t n, const Channel& ch, const std::string& path,
                     ErrorSink& sink, article::Article& a) {
  a.title = atom_title(child(entry, "title"));
  a.id = text(child(entry, "id"));
  a.url = atom_link(entry);
  std::string summary = atom_text(child(entry, "summary"));
  std::string content = atom_text(child(entry, "content"));
  if (!content.empty()) {
    a.body = std::move(content);
    if (summary != a.body) a.standfirst = xml::collapse_space(summary);
  } else {
    a.body = std::move(summary);
  }
  a.authors = atom_authors(entry);
  if (a.authors.empty()) a.authors = ch.authors;
  a.published = first_date(
      {child(entry, "published"), child(entry, "updated"), child(entry, "issued"), child(entry, "modified")},
      path, n, sink);
  a.language = xml::lang(entry);
  if (a.language.empty()) a.language = ch.language;
  a.source = ch.title;
  if (const xmlNode* src = child(entry, "source"); src != nullptr && a.source.empty())
    a.source = text(child(src, "title"));
  std::vector<std::string> categories;
  for (const xmlNode* c : children(entry, "category")) {
    std::string label = attr(c, "label");
    categories.push_back(xml::collapse_space(label.empty() ? attr(c, "term") : label));
  }
  xml::Extras extras(a);
  extras.add_strings("categories", categories);
  const xmlNode* updated = child(entry, "updated");
  if (updated != nullptr && child(entry, "published") != nullptr) extras.add_date("updated", text(updated));
  return true;
}

}  // namespace

void read_feed(std::istream& in, const std::string& path, ErrorSink& sink, const RecordFn& fn) {
  std::string bytes = xml::slurp(in);
  if (util::trim(bytes).empty()) {
    sink.report(InputError(path, 0, "empty file"));
    return;
  }
  xml::Document doc = xml::parse(bytes);
  const xmlNode* root = doc.root();
  if (root == nullptr) {
    xml::report_not_xml(doc, path, sink);
    return;
  }
  Channel ch;
  const xmlNode* channel = nullptr;
  std::vector<const xmlNode*> items;
  std::string_view name = xml::local_name(root);
  if (name == "rss") {
    ch.kind = Kind::kRss;
    channel = child(root, "channel");
    items = children(channel, "item");
    // RSS 0.91 files sometimes put items beside the channel.
    for (const xmlNode* i : children(root, "item")) items.push_back(i);
  } else if (name == "RDF") {
    ch.kind = Kind::kRdf;
    channel = child(root, "channel");
    items = children(root, "item");
  } else if (name == "feed") {
    ch.kind = Kind::kAtom;
    channel = root;
    items = children(root, "entry");
  } else {
    sink.report(InputError(path, 0,
                           "not an RSS, RDF or Atom feed (root element <" +
                               util::printable(std::string(name).substr(0, 40)) + ">)"));
    return;
  }
  if (channel != nullptr) {
    ch.title = ch.kind == Kind::kAtom ? atom_title(child(channel, "title")) : text(child(channel, "title"));
    ch.language = text(child(channel, "language"));
    if (ch.language.empty()) ch.language = xml::lang(channel);
    if (ch.kind == Kind::kAtom) ch.authors = atom_authors(channel);
  }
  if (ch.language.empty()) ch.language = xml::lang(root);
  auto extract = [&](const xmlNode* item, std::size_t n, article::Article& a) {
    return ch.kind == Kind::kAtom ? read_atom_entry(item, n, ch, path, sink, a)
                                  : read_rss_item(item, n, ch, path, sink, a);
  };
  (void)xml::emit_items(doc, items, path, sink, fn, extract);
  if (items.empty() && !doc.error) sink.report(InputError(path, 0, "no items"));
}

}  // namespace dateline::ingest
