#include "index/document_builder.h"

#include <optional>
#include <string>
#include <utility>

#include "analysis/analyzer.h"
#include "analysis/language.h"
#include "schema/terms.h"
#include "article/article_json.h"
#include "article/date.h"
#include "schema/schema.h"
#include "util/strings.h"

namespace dateline::index {
namespace {

using analysis::Token;
namespace sc = schema;

// Title words weigh this many body occurrences in BM25.
constexpr Xapian::termcount kTitleWeight = 3;
// Gap between title, standfirst and body so phrases never span them.
constexpr Xapian::termpos kFieldGap = 100;
// Xapian's glass backend refuses terms longer than 245 bytes.
constexpr std::size_t kMaxTermBytes = 240;

void add_boolean(Xapian::Document& doc, const std::string& term) {
  if (term.size() <= kMaxTermBytes) doc.add_boolean_term(term);
}

class TextIndexer {
 public:
  explicit TextIndexer(Xapian::Document& doc) : doc_(doc) {}

  void index(const std::string& text, bool is_title) {
    Xapian::termcount wdf = is_title ? kTitleWeight : 1;
    for (const Token& t : analysis::tokenize(text)) {
      if (t.term.size() > kMaxTermBytes / 2) continue;
      ++pos_;
      doc_.add_posting(t.term, pos_, wdf);
      if (is_title) doc_.add_posting(sc::kPrefixTitle + t.term, pos_, 1);
      std::string stem = schema::stem_term(t.term);
      if (!stem.empty()) {
        doc_.add_term(sc::kPrefixStem + stem, wdf);
        if (is_title) doc_.add_term(sc::kPrefixTitleStem + stem, 1);
      }
      if (t.kind == analysis::SegmentKind::kIdeographic) {
        for (const std::string& g : schema::han_bigrams(t.term)) {
          doc_.add_term(schema::kPrefixHanBigram + g, 1);
        }
      }
    }
    pos_ += kFieldGap;
  }

 private:
  Xapian::Document& doc_;
  Xapian::termpos pos_ = 0;
};

// The article with its detected language when it declares none and the
// detector is sure; nothing when it declares one or the text is too short or
// mixed to tell (no guess is stored).
std::optional<article::Article> with_detected_language(const article::Article& a) {
  if (!a.language.empty()) return std::nullopt;
  analysis::DetectedLanguage d = analysis::detect_language(a.title, a.standfirst, a.body);
  if (!d.reliable) return std::nullopt;
  std::optional<article::Article> out(a);
  out->language = std::move(d.tag);
  out->language_detected = true;
  return out;
}

}  // namespace


Xapian::Document build_document(const article::Article& declared) {
  const std::optional<article::Article> detected = with_detected_language(declared);
  const article::Article& a = detected ? *detected : declared;
  Xapian::Document doc;
  doc.add_boolean_term(schema::id_term(a.id));

  TextIndexer text(doc);
  text.index(a.title, true);
  text.index(a.standfirst, false);
  text.index(a.body, false);

  for (const std::string& author : a.authors) {
    add_boolean(doc, sc::kPrefixAuthor + analysis::fold(author));
  }
  if (!a.language.empty()) {
    add_boolean(doc, sc::kPrefixLanguage + analysis::fold(a.language));
    doc.add_value(sc::kSlotLanguage, a.language);
  }
  if (!a.source.empty()) {
    add_boolean(doc, sc::kPrefixSource + analysis::fold(a.source));
    doc.add_value(sc::kSlotSource, a.source);
  }
  if (a.published) {
    std::string day = article::format_day(*a.published);  // YYYY-MM-DD
    std::string ymd = day.substr(0, 4) + day.substr(5, 2) + day.substr(8, 2);
    doc.add_boolean_term(sc::kPrefixDay + ymd);
    doc.add_boolean_term(sc::kPrefixMonth + ymd.substr(0, 6));
    doc.add_boolean_term(sc::kPrefixYear + ymd.substr(0, 4));
    doc.add_value(sc::kSlotPublished,
                  Xapian::sortable_serialise(static_cast<double>(*a.published)));
  } else {
    doc.add_boolean_term(sc::kTermUndated);
  }

  const article::Entities& e = a.entities;
  for (const std::string& p : e.persons) add_boolean(doc, sc::kPrefixPerson + analysis::fold(p));
  for (const std::string& o : e.organizations) add_boolean(doc, sc::kPrefixOrg + analysis::fold(o));
  std::vector<std::string> place_names;
  for (const article::Place& p : e.places) {
    add_boolean(doc, sc::kPrefixPlace + analysis::fold(p.name));
    place_names.push_back(p.name);
  }
  for (const std::string& c : e.countries) add_boolean(doc, sc::kPrefixCountry + c);
  if (!e.persons.empty()) doc.add_value(sc::kSlotPersons, sc::pack_values(e.persons));
  if (!e.organizations.empty()) doc.add_value(sc::kSlotOrgs, sc::pack_values(e.organizations));
  if (!place_names.empty()) doc.add_value(sc::kSlotPlaces, sc::pack_values(place_names));
  if (!e.countries.empty()) doc.add_value(sc::kSlotCountries, sc::pack_values(e.countries));

  doc.set_data(article::to_stored_json(a));
  return doc;
}

}  // namespace dateline::index
