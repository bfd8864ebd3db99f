#include "ingest/newsml_reader.h"

#include <nlohmann/json.hpp>

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
using xml::collapse_space;
using xml::text;

// The code after a qcode's scheme ("cntry:FR" -> "FR").
std::string_view qcode_code(std::string_view qcode) {
  std::size_t colon = qcode.find(':');
  return colon == std::string_view::npos ? qcode : qcode.substr(colon + 1);
}

std::string_view qcode_scheme(std::string_view qcode) {
  std::size_t colon = qcode.find(':');
  return colon == std::string_view::npos ? std::string_view() : qcode.substr(0, colon);
}

// The display name of a G2 concept: its <name>, else its literal, else
// the code of its qcode.
std::string concept_name(const xmlNode* n, bool code_fallback) {
  std::string name = text(child(n, "name"));
  if (name.empty()) name = collapse_space(attr(n, "literal"));
  if (name.empty() && code_fallback) name = std::string(qcode_code(collapse_space(attr(n, "qcode"))));
  return name;
}

// An ISO 3166-1 alpha-2 country code a qcode gives ("cntry:FR",
// "iso3166-1a2:FR"), else "".
std::string qcode_country(std::string_view qcode) {
  std::string scheme = util::ascii_lower(qcode_scheme(qcode));
  if (scheme != "cntry" && scheme != "iso3166-1a2" && scheme != "country" && scheme != "ctry") return {};
  return xml::iso_country(qcode_code(qcode));
}

bool is_geo(const xmlNode* subject) {
  std::string type = util::ascii_lower(attr(subject, "type"));
  std::string scheme = util::ascii_lower(qcode_scheme(attr(subject, "qcode")));
  for (const char* k : {"geoarea", "geo", "city", "country", "statprov", "region", "poi"}) {
    if (type.find(k) != std::string::npos) return true;
  }
  for (const char* k : {"city", "cntry", "country", "reg", "prov", "geo", "iso3166-1a2", "geoloc"}) {
    if (scheme == k) return true;
  }
  return false;
}

// A place: its name and the country code it or a broader concept gives.
nlohmann::json place_of(const xmlNode* n) {
  nlohmann::json p = nlohmann::json::object();
  std::string name = concept_name(n, true);
  std::string country = qcode_country(attr(n, "qcode"));
  for (const xmlNode* b : xml::descendants(n, "broader")) {
    if (country.empty()) country = qcode_country(attr(b, "qcode"));
  }
  if (!name.empty()) p["name"] = name;
  if (!country.empty()) p["country"] = country;
  return p;
}

// The body of a G2 contentSet: the first inlineXML or inlineData that
// holds text. NITF also fills what the envelope left empty.
void read_content_set(const xmlNode* set, article::Article& a) {
  for (const xmlNode* c : xml::elements(set)) {
    if (xml::is(c, "inlineXML")) {
      if (const xmlNode* nitf = xml::descendant(c, "nitf")) {
        xml::fill_from_nitf(nitf, a);
      } else if (const xmlNode* html = xml::descendant(c, "html")) {
        const xmlNode* body = xml::descendant(html, "body");
        a.body = xml::paragraphs(body != nullptr ? body : html);
      } else {
        a.body = xml::paragraphs(c);
      }
    } else if (xml::is(c, "inlineData")) {
      // Plain text, or HTML carried as text (ANSA's CDATA <p>, whatever
      // the contenttype says).
      std::string data = xml::raw_text(c);
      a.body = data.find('<') != std::string::npos ? html_to_text(data) : xml::text_paragraphs(data);
    }
    if (!a.body.empty()) return;
  }
}

bool read_g2_item(const xmlNode* item, article::Article& a) {
  if (!xml::is(item, "newsItem")) return false;  // packageItem, conceptItem...: no text of their own
  const xmlNode* meta = child(item, "itemMeta");
  const xmlNode* content = child(item, "contentMeta");
  xml::Extras extras(a);
  a.id = collapse_space(attr(item, "guid"));
  for (const xmlNode* h : children(content, "headline")) {
    std::string role = util::ascii_lower(attr(h, "role"));
    if (role.find("sub") != std::string::npos) {
      if (a.standfirst.empty()) a.standfirst = text(h);
    } else if (a.title.empty()) {
      a.title = text(h);
    }
  }
  if (a.standfirst.empty()) a.standfirst = text(child(content, "subheadline"));
  if (a.standfirst.empty()) {
    for (const xmlNode* d : children(content, "description")) {
      if (util::ascii_lower(attr(d, "role")).find("summary") != std::string::npos) {
        a.standfirst = text(d);
        break;
      }
    }
  }
  for (const xmlNode* b : children(content, "by")) {
    std::string name = xml::person_name(text(b));
    if (!name.empty()) a.authors.push_back(name);
  }
  a.language = collapse_space(attr(child(content, "language"), "tag"));
  if (a.language.empty()) a.language = xml::lang(item);

  std::string first = text(child(meta, "firstCreated"));
  std::string version = text(child(meta, "versionCreated"));
  std::string created = text(child(content, "contentCreated"));
  for (const std::string* d : {&first, &version, &created}) {
    if (!a.published) a.published = article::parse_date(*d);
  }
  extras.add_date("version_created", version);
  extras.add_date("embargoed", text(child(meta, "embargoed")));

  const xmlNode* provider = child(meta, "provider");
  a.source = concept_name(provider, true);
  std::vector<std::string> creators;
  for (const xmlNode* c : children(content, "creator")) creators.push_back(concept_name(c, false));
  if (a.source.empty() && !creators.empty()) a.source = creators.front();
  extras.add_strings("creators", creators);
  extras.add_string("dateline", text(child(content, "dateline")));
  extras.add_string("slugline", text(child(content, "slugline")));

  std::vector<std::string> keywords;
  for (const xmlNode* k : children(content, "keyword")) keywords.push_back(text(k));
  extras.add_strings("keywords", keywords);

  nlohmann::json subjects = nlohmann::json::array();
  nlohmann::json places = nlohmann::json::array();
  for (const xmlNode* l : children(content, "located")) {
    nlohmann::json p = place_of(l);
    if (!p.empty()) places.push_back(std::move(p));
  }
  for (const xmlNode* s : children(content, "subject")) {
    if (is_geo(s)) {
      nlohmann::json p = place_of(s);
      if (!p.empty()) places.push_back(std::move(p));
      continue;
    }
    nlohmann::json o = nlohmann::json::object();
    std::string qcode = collapse_space(attr(s, "qcode"));
    std::string name = concept_name(s, false);
    if (!qcode.empty()) o["qcode"] = qcode;
    if (!name.empty()) o["name"] = name;
    if (!o.empty()) subjects.push_back(std::move(o));
  }
  if (!subjects.empty()) extras.add_json("subjects", subjects.dump());
  if (!places.empty()) extras.add_json("places", places.dump());

  read_content_set(child(item, "contentSet"), a);
  return true;
}

// A NewsML 1.2 NewsItem: NewsLines, metadata and content may sit in nested
// NewsComponents; the first of each is used.
bool read_newsml1_item(const xmlNode* item, article::Article& a) {
  xml::Extras extras(a);
  a.id = text(xml::descendant(item, "PublicIdentifier"));
  const xmlNode* mgmt = xml::descendant(item, "NewsManagement");
  std::string first = text(child(mgmt, "FirstCreated"));
  std::string revision = text(child(mgmt, "ThisRevisionCreated"));
  a.published = article::parse_date(first);
  if (!a.published) a.published = article::parse_date(revision);
  extras.add_date("revision_created", revision);

  const xmlNode* lines = xml::descendant(item, "NewsLines");
  a.title = text(child(lines, "HeadLine"));
  a.standfirst = text(child(lines, "SubHeadLine"));
  for (const xmlNode* b : children(lines, "ByLine")) {
    std::string name = xml::person_name(text(b));
    if (!name.empty()) a.authors.push_back(name);
  }
  extras.add_string("dateline", text(child(lines, "DateLine")));
  extras.add_string("slugline", text(child(lines, "SlugLine")));

  const xmlNode* desc = xml::descendant(item, "DescriptiveMetadata");
  a.language = collapse_space(attr(child(desc, "Language"), "FormalName"));
  if (a.language.empty()) a.language = xml::lang(child(lines, "HeadLine"));
  if (a.language.empty()) a.language = xml::lang(item);

  std::vector<std::string> keywords;
  for (const xmlNode* k : children(lines, "KeywordLine")) keywords.push_back(text(k));
  for (const xmlNode* p : children(desc, "Property")) {
    if (attr(p, "FormalName") == "Keyword") keywords.push_back(collapse_space(attr(p, "Value")));
  }
  extras.add_strings("keywords", keywords);

  std::vector<std::string> codes;
  for (const xmlNode* sc : children(desc, "SubjectCode")) {
    for (const xmlNode* s : xml::elements(sc)) codes.push_back(collapse_space(attr(s, "FormalName")));
  }
  nlohmann::json subjects = nlohmann::json::array();
  std::vector<std::string> seen;
  for (const std::string& c : codes) {
    if (c.empty() || std::find(seen.begin(), seen.end(), c) != seen.end()) continue;
    seen.push_back(c);
    subjects.push_back({{"qcode", "subj:" + c}});
  }
  if (!subjects.empty()) extras.add_json("subjects", subjects.dump());

  nlohmann::json places = nlohmann::json::array();
  for (const xmlNode* loc : children(desc, "Location")) {
    std::string city;
    std::string region;
    std::string country_name;
    std::string country;
    for (const xmlNode* p : children(loc, "Property")) {
      std::string n = util::ascii_lower(attr(p, "FormalName"));
      std::string v = collapse_space(attr(p, "Value"));
      if (n == "city") city = v;
      if (n == "countryarea" || n == "region") region = v;
      if (n == "country") {
        country_name = v;
        country = xml::iso_country(v);
      }
    }
    std::string name = !city.empty() ? city : !region.empty() ? region : country_name;
    nlohmann::json o = nlohmann::json::object();
    if (!name.empty()) o["name"] = name;
    if (!country.empty()) o["country"] = country;
    if (!o.empty()) places.push_back(std::move(o));
  }
  if (!places.empty()) extras.add_json("places", places.dump());

  const xmlNode* admin = xml::descendant(item, "AdministrativeMetadata");
  a.source = collapse_space(attr(xml::descendant(child(admin, "Provider"), "Party"), "FormalName"));
  if (a.source.empty()) a.source = text(xml::descendant(item, "ProviderId"));

  for (const xmlNode* ci : xml::descendants(item, "ContentItem")) {
    const xmlNode* data = child(ci, "DataContent");
    if (data == nullptr) continue;
    std::string mime = util::ascii_lower(attr(child(ci, "MimeType"), "FormalName"));
    if (const xmlNode* nitf = xml::descendant(data, "nitf")) {
      xml::fill_from_nitf(nitf, a);
    } else if (const xmlNode* html = xml::descendant(data, "html")) {
      const xmlNode* body = xml::descendant(html, "body");
      a.body = xml::paragraphs(body != nullptr ? body : html);
    } else if (mime.find("html") != std::string::npos) {
      a.body = html_to_text(xml::raw_text(data));
    } else if (xml::elements(data).empty()) {
      a.body = xml::text_paragraphs(xml::raw_text(data));
    } else {
      a.body = xml::paragraphs(data);
    }
    if (!a.body.empty()) break;
  }
  return true;
}

}  // namespace

void read_newsml(std::istream& in, const std::string& path, ErrorSink& sink, const RecordFn& fn) {
  std::string bytes = xml::slurp(in);
  if (util::trim(bytes).empty()) {
    sink.report(InputError(path, 0, "empty file"));
    return;
  }
  xml::Document doc = xml::parse(bytes);
  const xmlNode* root = doc.root();
  // IPTC's examples show parts of an item (contentMeta, contentSet) on their
  // own, sometimes two of them side by side: read them as one newsItem.
  if (xml::is(root, "contentMeta") || xml::is(root, "contentSet")) {
    doc = xml::parse(bytes, "newsItem");
    root = doc.root();
  }
  if (root == nullptr) {
    xml::report_not_xml(doc, path, sink);
    return;
  }
  std::vector<const xmlNode*> items;
  bool g2 = true;
  std::string_view name = xml::local_name(root);
  if (name == "newsMessage") {
    for (const xmlNode* set : children(root, "itemSet")) {
      for (const xmlNode* i : xml::elements(set)) items.push_back(i);
    }
  } else if (name == "newsItem" || name == "packageItem") {
    items.push_back(root);
  } else if (name == "NewsML") {
    g2 = false;
    items = xml::descendants(root, "NewsItem");
  } else if (name == "NewsItem") {
    g2 = false;
    items.push_back(root);
  } else {
    sink.report(InputError(path, 0,
                           "not NewsML-G2 or NewsML 1.2 (root element <" +
                               util::printable(std::string(name).substr(0, 40)) + ">)"));
    return;
  }
  std::size_t skipped = 0;
  std::size_t n =
      xml::emit_items(doc, items, path, sink, fn, [&](const xmlNode* item, std::size_t, article::Article& a) {
        bool read = g2 ? read_g2_item(item, a) : read_newsml1_item(item, a);
        if (!read) ++skipped;
        return read;
      });
  if (n == 0 && !doc.error && items.size() == skipped) {
    sink.report(InputError(path, 0,
                           skipped == 0 ? std::string("no items")
                                        : "no news items (" + std::to_string(skipped) +
                                              " package or concept items, which hold no text, left out)"));
  }
}

}  // namespace dateline::ingest
