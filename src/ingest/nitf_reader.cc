#include "ingest/nitf_reader.h"

#include <nlohmann/json.hpp>

#include <vector>

#include "article/date.h"
#include "ingest/xml_internal.h"
#include "util/strings.h"

namespace dateline::ingest {
namespace xml {

namespace {

// A byline's name: its text without the job title (byttl) and the "By ".
std::string byline_name(const xmlNode* byline) {
  std::string raw;
  for (const xmlNode* c = byline->children; c != nullptr; c = c->next) {
    if (is(c, "byttl")) continue;
    raw += raw_text(c);
    raw += ' ';
  }
  return person_name(raw);
}

// The first of the (element, attribute) dates that parses.
std::optional<std::int64_t> first_date_attr(
    const std::vector<std::pair<const xmlNode*, const char*>>& candidates) {
  for (const auto& [node, name] : candidates) {
    if (auto t = article::parse_date(attr(node, name))) return t;
  }
  return std::nullopt;
}

}  // namespace

void fill_from_nitf(const xmlNode* nitf, article::Article& a) {
  const xmlNode* head = child(nitf, "head");
  const xmlNode* body = child(nitf, "body");
  const xmlNode* body_head = child(body, "body.head");
  const xmlNode* hedline = child(body_head, "hedline");
  const xmlNode* docdata = child(head, "docdata");
  const xmlNode* pubdata = child(head, "pubdata");
  Extras extras(a);

  if (a.title.empty()) a.title = text(child(hedline, "hl1"));
  if (a.title.empty()) a.title = text(child(head, "title"));
  if (a.standfirst.empty()) {
    // hl2 is often the headline again (AP's "originalHeadline").
    std::string hl2 = text(child(hedline, "hl2"));
    if (hl2 != a.title) a.standfirst = hl2;
  }
  if (a.standfirst.empty()) {
    std::string abstract = paragraphs(child(body_head, "abstract"));
    if (abstract != a.title) a.standfirst = collapse_space(abstract);
  }
  if (a.authors.empty()) {
    for (const xmlNode* b : children(body_head, "byline")) {
      std::string name = byline_name(b);
      if (!name.empty()) a.authors.push_back(name);
    }
  }
  if (a.body.empty()) {
    std::string content = paragraphs(child(body, "body.content"));
    std::string tagline = text(descendant(child(body, "body.end"), "tagline"));
    if (!tagline.empty()) content += (content.empty() ? "" : "\n\n") + tagline;
    a.body = std::move(content);
  }
  if (a.id.empty()) a.id = collapse_space(attr(child(docdata, "doc-id"), "id-string"));
  if (a.language.empty()) a.language = collapse_space(attr(nitf, "baselang"));
  if (a.language.empty()) a.language = lang(nitf);
  if (a.source.empty()) a.source = collapse_space(attr(pubdata, "name"));
  if (a.source.empty()) a.source = text(child(body_head, "distributor"));
  if (a.source.empty()) a.source = collapse_space(attr(child(docdata, "doc.copyright"), "holder"));

  const xmlNode* dateline = child(body_head, "dateline");
  if (!a.published) {
    a.published = first_date_attr({{child(docdata, "date.issue"), "norm"},
                                   {child(docdata, "date.release"), "norm"},
                                   {pubdata, "date.publication"},
                                   {child(dateline, "story.date"), "norm"}});
  }
  extras.add_date("date_release", attr(child(docdata, "date.release"), "norm"));
  extras.add_date("date_publication", attr(pubdata, "date.publication"));
  extras.add_date("date_expire", attr(child(docdata, "date.expire"), "norm"));
  extras.add_string("dateline", text(dateline));

  std::vector<std::string> keywords;
  for (const xmlNode* k : descendants(child(docdata, "key-list"), "keyword")) {
    keywords.push_back(collapse_space(attr(k, "key")));
  }
  extras.add_strings("keywords", keywords);

  // identified-content: who and what the document is about.
  const xmlNode* ident = child(docdata, "identified-content");
  struct Kind {
    const char* element;
    const char* key;
  };
  for (const Kind& k :
       {Kind{"person", "persons"}, Kind{"org", "organizations"}, Kind{"location", "locations"},
        Kind{"classifier", "classifiers"}, Kind{"event", "events"}, Kind{"object.title", "objects"}}) {
    std::vector<std::string> values;
    for (const xmlNode* n : descendants(ident, k.element)) {
      std::string v = text(n);
      if (v.empty()) v = collapse_space(attr(n, "value"));
      values.push_back(v);
    }
    extras.add_strings(k.key, values);
  }

  // Where the events took place: names and, when given as ISO 3166-1
  // alpha-2, the country.
  nlohmann::json places = nlohmann::json::array();
  for (const xmlNode* ev : children(docdata, "evloc")) {
    std::string name = collapse_space(attr(ev, "city"));
    if (name.empty()) name = collapse_space(attr(ev, "state-prov"));
    if (name.empty()) name = collapse_space(attr(ev, "county-dist"));
    std::string country = iso_country(attr(ev, "iso-cc"));
    nlohmann::json p = nlohmann::json::object();
    if (!name.empty()) p["name"] = name;
    if (!country.empty()) p["country"] = country;
    if (!p.empty()) places.push_back(std::move(p));
  }
  if (!places.empty()) extras.add_json("places", places.dump());

  nlohmann::json subjects = nlohmann::json::array();
  for (const xmlNode* s : descendants(child(head, "tobject"), "tobject.subject")) {
    std::string code = collapse_space(attr(s, "tobject.subject.refnum"));
    std::vector<std::string> parts;
    for (const char* n : {"tobject.subject.type", "tobject.subject.matter", "tobject.subject.detail"}) {
      std::string v = collapse_space(attr(s, n));
      if (!v.empty()) parts.push_back(v);
    }
    std::string name;
    for (const std::string& p : parts) name += (name.empty() ? "" : " / ") + p;
    nlohmann::json o = nlohmann::json::object();
    if (!code.empty()) o["code"] = code;
    if (!name.empty()) o["name"] = name;
    if (!o.empty()) subjects.push_back(std::move(o));
  }
  if (!subjects.empty()) extras.add_json("subjects", subjects.dump());
}

}  // namespace xml

void read_nitf(std::istream& in, const std::string& path, ErrorSink& sink, const RecordFn& fn) {
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
  if (!xml::is(root, "nitf")) {
    sink.report(InputError(path, 0,
                           "not a NITF document (root element <" +
                               util::printable(std::string(xml::local_name(root)).substr(0, 40)) + ">)"));
    return;
  }
  (void)xml::emit_items(doc, {root}, path, sink, fn,
                        [](const xmlNode* nitf, std::size_t, article::Article& a) {
                          xml::fill_from_nitf(nitf, a);
                          return true;
                        });
}

}  // namespace dateline::ingest
