#include <libxml/entities.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <climits>
#include <exception>
#include <iterator>
#include <utility>

#include "article/date.h"
#include "ingest/encoding.h"
#include "ingest/xml_internal.h"
#include "util/strings.h"

namespace dateline::ingest::xml {
namespace {

// Recovery keeps what came before a cut; NONET and the absence of NOENT,
// DTDLOAD and HUGE keep the parser from fetching anything, substituting
// entities or lifting its depth and size limits. BIG_LINES keeps line
// numbers right past 65535.
constexpr int kOptions =
    XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES;

// A cap on the text gathered from one element, so entity references cannot
// multiply a small file into a large article.
constexpr std::size_t kMaxText = 8 * 1024 * 1024;

struct ErrorState {
  std::optional<ParseError> first;
  std::string undeclared_entity;
};

void on_error(void* user, xmlErrorPtr e) {
  auto* ctxt = static_cast<xmlParserCtxtPtr>(user);
  auto* state = static_cast<ErrorState*>(ctxt->_private);
  if (state == nullptr || e == nullptr) return;
  // An entity the missing DTD would declare (&nbsp; in NITF) loses only
  // itself; everything else fatal means the document is broken there.
  if (e->code == XML_ERR_UNDECLARED_ENTITY || e->code == XML_WAR_UNDECLARED_ENTITY) {
    if (state->undeclared_entity.empty() && e->str1 != nullptr) state->undeclared_entity = e->str1;
    return;
  }
  if (e->level != XML_ERR_FATAL || state->first) return;
  std::string msg = e->message != nullptr ? std::string(util::trim(e->message)) : "malformed XML";
  state->first = ParseError{static_cast<std::size_t>(e->line > 0 ? e->line : 0), util::printable(msg)};
}

bool is_utf8_name(std::string_view name) {
  std::string lower = util::ascii_lower(util::trim(name));
  return lower.empty() || lower == "utf-8" || lower == "utf8";
}

// The bytes after an XML declaration, for wrapping.
std::string_view after_declaration(std::string_view s) {
  std::size_t start = s.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  if (s.substr(start, 5) == "<?xml") {
    std::size_t end = s.find("?>", start);
    if (end != std::string_view::npos) return s.substr(end + 2);
  }
  return s.substr(start);
}

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f'; }

void append_capped(std::string& out, std::string_view s) {
  if (out.size() >= kMaxText) return;
  out.append(s.substr(0, kMaxText - out.size()));
}

// The text an entity reference stands for: an internal entity's own text
// when it holds no markup or further references (never expanded further).
std::string_view entity_text(const xmlNode* n) {
  const auto* ent = reinterpret_cast<const xmlEntity*>(n->children);
  if (ent == nullptr || ent->type != XML_ENTITY_DECL || ent->content == nullptr) return {};
  if (ent->etype != XML_INTERNAL_GENERAL_ENTITY) return {};
  std::string_view c(reinterpret_cast<const char*>(ent->content));
  if (c.find_first_of("<&") != std::string_view::npos) return {};
  return c;
}

// Calls visit(node, entering) over n's subtree in document order, without
// recursion; visit returns false on entering to skip the node's children.
template <typename Visit>
void walk(const xmlNode* n, Visit visit) {
  if (n == nullptr) return;
  struct Frame {
    const xmlNode* node;
    bool exiting;
  };
  std::vector<Frame> stack{{n, false}};
  while (!stack.empty()) {
    Frame f = stack.back();
    stack.pop_back();
    if (f.exiting) {
      visit(f.node, false);
      continue;
    }
    if (!visit(f.node, true)) continue;
    if (f.node->type != XML_ELEMENT_NODE && f.node != n) continue;
    stack.push_back({f.node, true});
    std::vector<const xmlNode*> kids;
    for (const xmlNode* c = f.node->children; c != nullptr; c = c->next) kids.push_back(c);
    for (auto it = kids.rbegin(); it != kids.rend(); ++it) stack.push_back({*it, false});
  }
}

// Text of one node that is not an element: text, CDATA, entity reference.
std::string_view node_text(const xmlNode* n) {
  if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content != nullptr)
    return reinterpret_cast<const char*>(n->content);
  if (n->type == XML_ENTITY_REF_NODE) return entity_text(n);
  return {};
}

bool is_block(std::string_view name) {
  static constexpr std::string_view kBlocks[] = {
      "p",          "div",     "block",   "hl1",      "hl2",    "h1",      "h2",    "h3",
      "h4",         "h5",      "h6",      "li",       "tr",     "pre",     "table", "blockquote",
      "bq",         "ul",      "ol",      "dl",       "dt",     "dd",      "note",  "fn",
      "nitf-table", "section", "tagline", "abstract", "credit", "caption", "body",  "td"};
  return std::find(std::begin(kBlocks), std::end(kBlocks), name) != std::end(kBlocks);
}

bool is_skipped(std::string_view name) {
  static constexpr std::string_view kSkipped[] = {"head", "script", "style", "media", "object", "title"};
  return std::find(std::begin(kSkipped), std::end(kSkipped), name) != std::end(kSkipped);
}

}  // namespace

Document parse(std::string_view bytes, const char* wrap) {
  // libxml2's global setup is not thread-safe the first time; a function
  // static is.
  static const bool initialized = (xmlInitParser(), true);
  (void)initialized;
  Document d;
  std::string owned;
  std::string_view input = bytes;
  std::string declared = xml_declared_charset(bytes);
  std::string bom = charset_from_bom(bytes);
  const char* encoding = nullptr;
  int options = kOptions;
  bool utf8 = (bom.empty() || bom == "UTF-8") && is_utf8_name(declared);
  if (!utf8 || !util::valid_utf8(bytes)) {
    // libxml2 would stop at the first byte its decoder refuses; ICU converts
    // whatever it is given, detects an undeclared charset and replaces
    // (and counts) invalid sequences in declared UTF-8.
    Utf8Text t = to_utf8(bytes, declared);
    owned = std::move(t.text);
    input = owned;
    d.replaced = t.replaced;
    encoding = "UTF-8";
    options |= XML_PARSE_IGNORE_ENC;
  }
  if (wrap != nullptr) {
    std::string_view inner = after_declaration(input);
    // On the same line as the content, so line numbers stay those of the file.
    std::string wrapped = std::string("<") + wrap + ">";
    wrapped.append(inner);
    wrapped += std::string("</") + wrap + ">";
    owned = std::move(wrapped);
    input = owned;
    encoding = "UTF-8";
    options |= XML_PARSE_IGNORE_ENC;
  }
  if (input.size() > static_cast<std::size_t>(INT_MAX)) {
    d.error = ParseError{0, "file too large for the XML parser (2 GB)"};
    return d;
  }
  xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
  if (ctxt == nullptr) {
    d.error = ParseError{0, "out of memory starting the XML parser"};
    return d;
  }
  ErrorState state;
  ctxt->_private = &state;
  ctxt->sax->serror = &on_error;
  d.doc.reset(
      xmlCtxtReadMemory(ctxt, input.data(), static_cast<int>(input.size()), nullptr, encoding, options));
  xmlFreeParserCtxt(ctxt);
  d.error = std::move(state.first);
  d.undeclared_entity = std::move(state.undeclared_entity);
  if (!d.doc && !d.error) d.error = ParseError{0, "not XML"};
  return d;
}

std::string_view local_name(const xmlNode* n) {
  if (n == nullptr || n->name == nullptr) return {};
  return reinterpret_cast<const char*>(n->name);
}

bool is(const xmlNode* n, std::string_view name) {
  return n != nullptr && n->type == XML_ELEMENT_NODE && local_name(n) == name;
}

const xmlNode* child(const xmlNode* n, std::string_view name) {
  if (n == nullptr) return nullptr;
  for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
    if (is(c, name)) return c;
  }
  return nullptr;
}

std::vector<const xmlNode*> children(const xmlNode* n, std::string_view name) {
  std::vector<const xmlNode*> out;
  if (n == nullptr) return out;
  for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
    if (is(c, name)) out.push_back(c);
  }
  return out;
}

std::vector<const xmlNode*> elements(const xmlNode* n) {
  std::vector<const xmlNode*> out;
  if (n == nullptr) return out;
  for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
    if (c->type == XML_ELEMENT_NODE) out.push_back(c);
  }
  return out;
}

std::vector<const xmlNode*> descendants(const xmlNode* n, std::string_view name) {
  std::vector<const xmlNode*> out;
  walk(n, [&](const xmlNode* x, bool entering) {
    if (!entering || x->type != XML_ELEMENT_NODE) return entering;
    if (x != n && is(x, name)) {
      out.push_back(x);
      return false;
    }
    return true;
  });
  return out;
}

const xmlNode* descendant(const xmlNode* n, std::string_view name) {
  const xmlNode* found = nullptr;
  walk(n, [&](const xmlNode* x, bool entering) {
    if (!entering || found != nullptr || x->type != XML_ELEMENT_NODE) return false;
    if (x != n && is(x, name)) {
      found = x;
      return false;
    }
    return true;
  });
  return found;
}

std::string attr(const xmlNode* n, std::string_view name) {
  if (n == nullptr || n->type != XML_ELEMENT_NODE) return {};
  for (const xmlAttr* a = n->properties; a != nullptr; a = a->next) {
    if (a->name == nullptr || name != reinterpret_cast<const char*>(a->name)) continue;
    std::string out;
    for (const xmlNode* c = a->children; c != nullptr; c = c->next) append_capped(out, node_text(c));
    return out;
  }
  return {};
}

std::string lang(const xmlNode* n) {
  for (; n != nullptr && n->type == XML_ELEMENT_NODE; n = n->parent) {
    for (const xmlAttr* a = n->properties; a != nullptr; a = a->next) {
      if (a->ns != nullptr && a->ns->prefix != nullptr &&
          std::string_view(reinterpret_cast<const char*>(a->ns->prefix)) == "xml" && a->name != nullptr &&
          std::string_view(reinterpret_cast<const char*>(a->name)) == "lang") {
        return collapse_space(attr(n, "lang"));
      }
    }
  }
  return {};
}

std::size_t line(const xmlNode* n) {
  long l = xmlGetLineNo(n);
  return l > 0 ? static_cast<std::size_t>(l) : 0;
}

std::string raw_text(const xmlNode* n) {
  std::string out;
  walk(n, [&](const xmlNode* x, bool entering) {
    if (entering) append_capped(out, node_text(x));
    return entering && out.size() < kMaxText;
  });
  return out;
}

std::string collapse_space(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending = false;
  for (char c : s) {
    if (is_space(c)) {
      pending = !out.empty();
      continue;
    }
    if (pending) out += ' ';
    pending = false;
    out += c;
  }
  return out;
}

std::string text(const xmlNode* n) { return collapse_space(raw_text(n)); }

std::string text_paragraphs(std::string_view s) {
  std::string body;
  std::size_t start = 0;
  while (start < s.size()) {
    // A paragraph ends at a line holding only white space.
    std::size_t end = start;
    while (end < s.size()) {
      std::size_t nl = s.find('\n', end);
      if (nl == std::string_view::npos) {
        end = s.size();
        break;
      }
      std::size_t next = s.find('\n', nl + 1);
      std::string_view between =
          s.substr(nl + 1, (next == std::string_view::npos ? s.size() : next) - nl - 1);
      if (next != std::string_view::npos && util::trim(between).empty()) {
        end = nl;
        break;
      }
      end = nl + 1;
    }
    std::string p = collapse_space(s.substr(start, end - start));
    if (!p.empty()) {
      if (!body.empty()) body += "\n\n";
      body += p;
    }
    start = end + 1;
  }
  return body;
}

std::string paragraphs(const xmlNode* n) {
  std::string body;
  std::string para;
  auto flush = [&]() {
    std::string p = collapse_space(para);
    para.clear();
    if (p.empty()) return;
    if (!body.empty()) body += "\n\n";
    append_capped(body, p);
  };
  walk(n, [&](const xmlNode* x, bool entering) {
    if (x->type != XML_ELEMENT_NODE) {
      if (entering) append_capped(para, node_text(x));
      return false;
    }
    std::string_view name = local_name(x);
    if (entering && x != n && is_skipped(name)) return false;
    // A line break inside a paragraph (AAP wraps its lines with <br/>).
    if (name == "br") para += ' ';
    if (is_block(name)) flush();
    return body.size() < kMaxText;
  });
  flush();
  return body;
}

void Extras::add(const std::string& key, std::string json) {
  for (const auto& [k, v] : a_.extra) {
    if (k == key) return;
  }
  a_.extra.emplace_back(key, std::move(json));
}

void Extras::add_string(const std::string& key, const std::string& value) {
  if (value.empty()) return;
  add(key, nlohmann::json(value).dump());
}

void Extras::add_strings(const std::string& key, const std::vector<std::string>& values) {
  nlohmann::json arr = nlohmann::json::array();
  std::vector<std::string> seen;
  for (const std::string& v : values) {
    if (v.empty() || std::find(seen.begin(), seen.end(), v) != seen.end()) continue;
    seen.push_back(v);
    arr.push_back(v);
  }
  if (!arr.empty()) add(key, arr.dump());
}

void Extras::add_json(const std::string& key, std::string json) {
  if (json.empty() || json == "[]" || json == "{}") return;
  add(key, std::move(json));
}

void Extras::add_date(const std::string& key, const std::string& value) {
  if (value.empty()) return;
  if (auto t = article::parse_date(value)) {
    add_string(key, article::format_iso(*t));
  } else {
    add_string(key, value);
  }
}

std::string json_object(const std::vector<std::pair<std::string, std::string>>& fields) {
  nlohmann::json o = nlohmann::json::object();
  for (const auto& [k, v] : fields) {
    if (!v.empty()) o[k] = v;
  }
  return o.empty() ? std::string() : o.dump();
}

std::string person_name(std::string_view s) {
  std::string t = collapse_space(s);
  std::size_t open = t.find('(');
  std::size_t close = t.rfind(')');
  if (t.find('@') != std::string::npos && open != std::string::npos && close != std::string::npos &&
      close > open)
    return collapse_space(t.substr(open + 1, close - open - 1));
  std::size_t lt = t.find('<');
  if (lt != std::string::npos && lt > 0 && t.find('@', lt) != std::string::npos)
    return collapse_space(t.substr(0, lt));
  if (util::starts_with_icase(t, "by ")) t.erase(0, 3);
  while (!t.empty() && (t.back() == ',' || t.back() == ';' || t.back() == ' ')) t.pop_back();
  return std::string(util::trim(t));
}

namespace {

// The last line an item's text reaches: its last node's start line plus
// the line breaks in that node's text.
std::size_t last_line(const xmlNode* item) {
  std::size_t last = line(item);
  walk(item, [&](const xmlNode* x, bool entering) {
    if (!entering) return false;
    std::size_t l = line(x);
    std::string_view t = node_text(x);
    l += static_cast<std::size_t>(std::count(t.begin(), t.end(), '\n'));
    last = std::max(last, l);
    return true;
  });
  return last;
}

bool has_replacement(const article::Article& a) {
  constexpr std::string_view kFffd = "\xEF\xBF\xBD";
  for (const std::string* s : {&a.title, &a.standfirst, &a.body, &a.source, &a.url, &a.id}) {
    if (s->find(kFffd) != std::string::npos) return true;
  }
  for (const std::string& s : a.authors) {
    if (s.find(kFffd) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

std::size_t emit_items(const Document& doc, const std::vector<const xmlNode*>& items, const std::string& path,
                       ErrorSink& sink, const RecordFn& fn, const ExtractFn& extract) {
  // The item the parse broke in: the last one starting at or before the
  // error whose text reaches that far (a cut after an item's end tag leaves
  // the item whole).
  std::size_t broken = 0;
  if (doc.error) {
    const ParseError& e = *doc.error;
    for (std::size_t i = items.size(); i > 0; --i) {
      if (line(items[i - 1]) <= e.line) {
        if (e.line <= last_line(items[i - 1]) + 1) broken = i;
        break;
      }
    }
    std::string where = e.line > 0 ? " at line " + std::to_string(e.line) : std::string();
    if (broken > 0) {
      sink.report(InputError(path, broken, "XML is broken" + where + " (" + e.message + "); item left out",
                             {}, LocationUnit::kItem));
    } else {
      sink.report(InputError(path, e.line, "XML is broken (" + e.message + ")"));
    }
  }
  std::size_t emitted = 0;
  for (std::size_t i = 0; i < items.size(); ++i) {
    std::size_t n = i + 1;
    if (n == broken) continue;
    Record rec;
    rec.path = path;
    rec.line = n;
    rec.unit = LocationUnit::kItem;
    article::Article& a = rec.article;
    try {
      if (!extract(items[i], n, a)) continue;
    } catch (const InputError&) {
      throw;  // the sink stopping the read (--strict), not a bad item
    } catch (const std::exception& e) {
      sink.report(InputError(path, n, std::string("cannot read item: ") + e.what(), {}, LocationUnit::kItem));
      continue;
    }
    if (std::string err = article::validate(a); !err.empty()) {
      sink.report(InputError(path, n, err, {}, LocationUnit::kItem));
      continue;
    }
    if (a.id.empty()) a.id = !a.url.empty() ? a.url : article::content_id(a);
    if (doc.replaced > 0 && has_replacement(a)) {
      sink.warn(InputError(path, n, "invalid UTF-8 bytes replaced by U+FFFD", {}, LocationUnit::kItem));
    }
    ++emitted;
    fn(std::move(rec));
  }
  return emitted;
}

std::string iso_country(std::string_view code) {
  code = util::trim(code);
  if (code.size() != 2 || !std::isalpha(static_cast<unsigned char>(code[0])) ||
      !std::isalpha(static_cast<unsigned char>(code[1])))
    return {};
  std::string out(code);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string slurp(std::istream& in) {
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void report_not_xml(const Document& doc, const std::string& path, ErrorSink& sink) {
  sink.report(InputError(path, doc.error ? doc.error->line : 0,
                         "not XML" + (doc.error ? " (" + doc.error->message + ")" : std::string())));
}

}  // namespace dateline::ingest::xml
