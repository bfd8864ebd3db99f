#include "index/document_builder.h"

#include <optional>
#include <string>
#include <utility>

#include "analysis/analyzer.h"
#include "analysis/language.h"
#include "article/article_json.h"
#include "article/date.h"
#include "schema/schema.h"
#include "schema/terms.h"
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
      if (is_title) doc_.add_posting(title_ + t.term, pos_, 1);
      std::string stem = schema::stem_term(t.term);
      if (!stem.empty()) {
        doc_.add_term(stem_ + stem, wdf);
        if (is_title) doc_.add_term(title_stem_ + stem, 1);
      }
      if (t.kind == analysis::SegmentKind::kIdeographic) {
        for (const std::string& g : schema::han_bigrams(t.term)) doc_.add_term(han_ + g, 1);
      }
    }
    pos_ += kFieldGap;
  }

 private:
  Xapian::Document& doc_;
  Xapian::termpos pos_ = 0;
  const std::string title_ = sc::prefix(sc::FieldId::kTitle);
  const std::string stem_ = sc::prefix(sc::FieldId::kStem);
  const std::string title_stem_ = sc::prefix(sc::FieldId::kTitleStem);
  const std::string han_ = sc::prefix(sc::FieldId::kHanBigram);
};

// The article's values of a kArticleValues row, display forms.
std::vector<std::string> article_values(sc::FieldId id, const article::Article& a) {
  const article::Entities& e = a.entities;
  switch (id) {
    case sc::FieldId::kAuthor: return a.authors;
    case sc::FieldId::kLanguage:
      return a.language.empty() ? std::vector<std::string>{} : std::vector{a.language};
    case sc::FieldId::kSource: return a.source.empty() ? std::vector<std::string>{} : std::vector{a.source};
    case sc::FieldId::kPerson: return e.persons;
    case sc::FieldId::kOrg: return e.organizations;
    case sc::FieldId::kCountry: return e.countries;
    case sc::FieldId::kFocus: return e.focus_countries;
    case sc::FieldId::kPlace: {
      std::vector<std::string> names;
      for (const article::Place& p : e.places) names.push_back(p.name);
      return names;
    }
    case sc::FieldId::kDateline:
      return e.dateline ? std::vector{e.dateline->place.name} : std::vector<std::string>{};
    default: return {};
  }
}

// The boolean terms and packed display values of every kArticleValues row.
void add_article_values(Xapian::Document& doc, const article::Article& a) {
  for (const sc::Field& f : sc::kFields) {
    if (!f.has(sc::kArticleValues)) continue;
    const std::vector<std::string> values = article_values(f.id, a);
    for (const std::string& v : values) {
      add_boolean(doc, f.prefix + (f.has(sc::kCode) ? v : analysis::fold(v)));
    }
    if (f.slot != sc::kNoSlot && !values.empty()) doc.add_value(f.slot, sc::pack_values(values));
  }
}

// The day, month and year terms and the date slot, or the undated term.
void add_date(Xapian::Document& doc, const article::Article& a) {
  doc.add_value(sc::kSlotOrder, sc::order_key(a.published, a.id));
  if (!a.published) {
    doc.add_boolean_term(sc::kTermUndated);
    return;
  }
  std::string day = article::format_day(*a.published);  // YYYY-MM-DD
  std::string ymd = day.substr(0, 4) + day.substr(5, 2) + day.substr(8, 2);
  doc.add_boolean_term(sc::prefix(sc::FieldId::kDay) + ymd);
  doc.add_boolean_term(sc::prefix(sc::FieldId::kMonth) + ymd.substr(0, 6));
  doc.add_boolean_term(sc::prefix(sc::FieldId::kYear) + ymd.substr(0, 4));
  doc.add_value(sc::field(sc::FieldId::kDate).slot,
                Xapian::sortable_serialise(static_cast<double>(*a.published)));
}

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

  add_article_values(doc, a);
  add_date(doc, a);

  doc.set_data(article::to_stored_json(a));
  return doc;
}

}  // namespace dateline::index
