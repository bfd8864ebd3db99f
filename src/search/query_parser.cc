#include "search/query_parser.h"

#include <algorithm>
#include <cctype>
#include <iterator>

#include "analysis/analyzer.h"
#include "article/date.h"
#include "schema/terms.h"
#include "util/error.h"
#include "util/strings.h"

namespace dateline::search {
namespace {

namespace sc = schema;

enum class Lex { kWord, kPhrase, kLParen, kRParen, kAnd, kOr, kNot, kMinus, kPlus, kField, kEnd };

struct Lexeme {
  Lex kind;
  std::string text;                 // word, phrase text, or field name
  std::vector<std::string> values;  // for kField: its value, or the values of a list (either)
  bool value_phrase = false;        // for kField: the (first) value was quoted
  std::size_t offset = 0;           // where it starts in the query, for messages
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string at(std::size_t offset) { return " (at character " + std::to_string(offset + 1) + ")"; }

// The error for an operator whose operand is missing: at the end of the
// query, say that the query ends there rather than "unexpected ''".
QuerySyntaxError missing_operand(const std::string& op, const char* what, const Lexeme& next,
                                 std::size_t offset) {
  std::string m = "'" + op + "'" + at(offset) + " needs " + what;
  if (next.kind == Lex::kEnd) m += ", but the query ends there";
  return QuerySyntaxError(m);
}

std::vector<Lexeme> lex(std::string_view q) {
  std::vector<Lexeme> out;
  std::size_t i = 0;
  auto read_quoted = [&](std::size_t start) {
    // q[i] is the opening quote; \" and \\ stand for a quote and a
    // backslash inside.
    std::string s;
    for (std::size_t j = i + 1; j < q.size(); ++j) {
      if (q[j] == '\\' && j + 1 < q.size() && (q[j + 1] == '"' || q[j + 1] == '\\')) {
        s += q[++j];
      } else if (q[j] == '"') {
        i = j + 1;
        return s;
      } else {
        s += q[j];
      }
    }
    throw QuerySyntaxError("unterminated quote" + at(start) + ": close the phrase with \"");
  };
  // A field's value after "name:": one value, or a comma-separated list
  // of them (either), each bare (to a space, parenthesis, quote or comma)
  // or quoted (holding anything: place:"Washington, D.C.",London).
  auto read_values = [&](Lexeme& lx) {
    for (;;) {
      if (i < q.size() && q[i] == '"') {
        if (lx.values.empty()) lx.value_phrase = true;
        lx.values.push_back(read_quoted(lx.offset));
      } else {
        std::size_t j = i;
        while (j < q.size() && !is_space(q[j]) && q[j] != '(' && q[j] != ')' && q[j] != '"' && q[j] != ',') {
          ++j;
        }
        lx.values.emplace_back(q.substr(i, j - i));
        i = j;
      }
      if (i < q.size() && q[i] == ',') {
        ++i;
        continue;
      }
      break;
    }
    std::erase_if(lx.values, [](const std::string& v) { return util::trim(v).empty(); });
  };
  while (i < q.size()) {
    char c = q[i];
    if (is_space(c)) {
      ++i;
      continue;
    }
    std::size_t start = i;
    if (c == '(') {
      out.push_back({Lex::kLParen, "(", {}, false, start});
      ++i;
      continue;
    }
    if (c == ')') {
      out.push_back({Lex::kRParen, ")", {}, false, start});
      ++i;
      continue;
    }
    if (c == '"') {
      std::string s = read_quoted(start);
      out.push_back({Lex::kPhrase, s, {}, false, start});
      continue;
    }
    if ((c == '-' || c == '+') && i + 1 < q.size() && !is_space(q[i + 1]) &&
        (out.empty() || out.back().kind != Lex::kWord || start == 0 || is_space(q[start - 1]) ||
         q[start - 1] == '(')) {
      out.push_back({c == '-' ? Lex::kMinus : Lex::kPlus, std::string(1, c), {}, false, start});
      ++i;
      continue;
    }
    // A field filter: "name:" then its value(s).
    std::size_t name_end = i;
    while (name_end < q.size() && std::isalpha(static_cast<unsigned char>(q[name_end]))) ++name_end;
    if (name_end > i && name_end < q.size() && q[name_end] == ':') {
      std::string name = util::ascii_lower(q.substr(i, name_end - i));
      if (sc::find_field(name) != nullptr) {
        Lexeme lx{Lex::kField, name, {}, false, start};
        i = name_end + 1;
        read_values(lx);
        if (lx.values.empty()) {
          throw QuerySyntaxError("'" + name + ":' needs a value" + at(start));
        }
        out.push_back(std::move(lx));
        continue;
      }
    }
    // A bare word runs to white space, a parenthesis or a quote.
    std::size_t j = i;
    while (j < q.size() && !is_space(q[j]) && q[j] != '(' && q[j] != ')' && q[j] != '"') ++j;
    std::string word(q.substr(i, j - i));
    i = j;
    if (word == "AND" || word == "&&") {
      out.push_back({Lex::kAnd, word, {}, false, start});
      continue;
    }
    if (word == "OR" || word == "||") {
      out.push_back({Lex::kOr, word, {}, false, start});
      continue;
    }
    if (word == "NOT") {
      out.push_back({Lex::kNot, word, {}, false, start});
      continue;
    }
    out.push_back({Lex::kWord, word, {}, false, start});
  }
  out.push_back({Lex::kEnd, "", {}, false, q.size()});
  return out;
}

Xapian::Query boolean_filter(Xapian::Query q) {
  // A filter must not change scores: weight it by zero.
  return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, 0.0);
}

class Parser {
 public:
  Parser(const QueryParser& owner, const QueryParser::Options& options, std::vector<Lexeme> lexemes,
         ParsedQuery& out)
      : owner_(owner), options_(options), lx_(std::move(lexemes)), out_(out) {}

  Xapian::Query parse() {
    if (peek().kind == Lex::kEnd) return Xapian::Query::MatchAll;
    Item item = parse_or();
    if (peek().kind == Lex::kRParen) {
      throw QuerySyntaxError("unbalanced ')'" + at(peek().offset));
    }
    if (peek().kind != Lex::kEnd) {
      throw QuerySyntaxError("unexpected '" + peek().text + "'" + at(peek().offset));
    }
    return finish(item);
  }

 private:
  // A sub-query and whether it is a pure exclusion ("-word", "NOT word"),
  // which needs something positive to subtract from.
  struct Item {
    Xapian::Query q;
    bool negated = false;
    bool empty = false;   // e.g. a word that analysis turned into nothing
    bool filter = false;  // a field filter: never ORed by --any
  };

  // One level of nesting, a '(' or a NOT, '-' or '+', while it is parsed.
  class Nest {
   public:
    Nest(Parser& p, const Lexeme& at_lx) : p_(p) {
      if (p_.depth_ >= kMaxQueryDepth) {
        throw QuerySyntaxError("the query nests deeper than " + std::to_string(kMaxQueryDepth) +
                               " levels of parentheses and NOT, '-' or '+'" + at(at_lx.offset));
      }
      ++p_.depth_;
    }
    ~Nest() { --p_.depth_; }
    Nest(const Nest&) = delete;
    Nest& operator=(const Nest&) = delete;

   private:
    Parser& p_;
  };

  // Counts n more terms against kMaxQueryTerms.
  void count_terms(std::size_t n) {
    terms_ += n;
    if (terms_ > kMaxQueryTerms) {
      throw QuerySyntaxError("the query has more than " + std::to_string(kMaxQueryTerms) +
                             " terms (words, words of phrases and field values)");
    }
  }

  const Lexeme& peek() const { return lx_[pos_]; }
  const Lexeme& take() { return lx_[pos_++]; }

  static Xapian::Query finish(const Item& item) {
    if (item.empty) return Xapian::Query::MatchAll;
    if (item.negated) return Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query::MatchAll, item.q);
    return item.q;
  }

  Item parse_or() {
    std::vector<Item> items{parse_seq()};
    while (peek().kind == Lex::kOr) {
      const Lexeme& op = take();
      if (!starts_operand(peek().kind)) {
        throw missing_operand(op.text, "a term on its right", peek(), op.offset);
      }
      items.push_back(parse_seq());
    }
    return any_of(items);
  }

  static bool starts_operand(Lex k) {
    return k == Lex::kWord || k == Lex::kPhrase || k == Lex::kLParen || k == Lex::kNot || k == Lex::kMinus ||
           k == Lex::kPlus || k == Lex::kField;
  }

  // Terms side by side: the positive ones join with the default operator
  // (AND, or OR with --any); filters and exclusions always apply to the
  // whole sequence ("id:x rain talks" with --any is x AND (rain OR talks)).
  Item parse_seq() {
    std::vector<Item> positive;
    std::vector<Item> rest;  // filters, then exclusions
    std::vector<Item> excluded;
    do {
      Item it = parse_and();
      if (it.empty) continue;
      if (it.negated) {
        excluded.push_back(std::move(it));
      } else if (it.filter) {
        rest.push_back(std::move(it));
      } else {
        positive.push_back(std::move(it));
      }
    } while (starts_operand(peek().kind));
    rest.insert(rest.end(), std::make_move_iterator(excluded.begin()),
                std::make_move_iterator(excluded.end()));
    if (options_.default_or) {
      rest.insert(rest.begin(), any_of(positive));
    } else {
      rest.insert(rest.begin(), std::make_move_iterator(positive.begin()),
                  std::make_move_iterator(positive.end()));
    }
    return all_of(rest);
  }

  // Explicit AND binds tighter than side-by-side terms.
  Item parse_and() {
    std::vector<Item> items{parse_unary()};
    while (peek().kind == Lex::kAnd) {
      const Lexeme& op = take();
      if (!starts_operand(peek().kind)) {
        throw missing_operand(op.text, "a term on its right", peek(), op.offset);
      }
      items.push_back(parse_unary());
    }
    return all_of(items);
  }

  // Items joined by OR, as one flat query (a chain of ORs must not nest
  // one level per term). An exclusion among several means "anything
  // without it": "a OR -b" is a, or anything without b. One item stays as
  // it is.
  static Item any_of(const std::vector<Item>& items) {
    std::vector<Xapian::Query> qs;
    const Item* only = nullptr;
    bool filter = true;
    for (const Item& it : items) {
      if (it.empty) continue;
      only = &it;
      qs.push_back(finish(it));
      filter = filter && it.filter;
    }
    if (qs.empty()) return {Xapian::Query(), false, true};
    if (qs.size() == 1) return *only;
    return {Xapian::Query(Xapian::Query::OP_OR, qs.begin(), qs.end()), false, false, filter};
  }

  // Items joined by AND, as one flat query: the exclusions subtract from
  // the rest (p AND_NOT n1 AND_NOT n2); exclusions alone stay an exclusion,
  // of any of them. A filter only if every positive item is one.
  static Item all_of(const std::vector<Item>& items) {
    std::vector<Xapian::Query> positive;
    std::vector<Xapian::Query> negative;
    const Item* only = nullptr;
    bool filter = true;
    for (const Item& it : items) {
      if (it.empty) continue;
      only = &it;
      if (it.negated) {
        negative.push_back(it.q);
      } else {
        positive.push_back(it.q);
        filter = filter && it.filter;
      }
    }
    if (positive.size() + negative.size() == 0) return {Xapian::Query(), false, true};
    if (positive.size() + negative.size() == 1) return *only;
    if (positive.empty()) {
      return {Xapian::Query(Xapian::Query::OP_OR, negative.begin(), negative.end()), true};
    }
    Xapian::Query all = positive.size() == 1
                            ? positive[0]
                            : Xapian::Query(Xapian::Query::OP_AND, positive.begin(), positive.end());
    if (negative.empty()) return {all, false, false, filter};
    negative.insert(negative.begin(), all);
    return {Xapian::Query(Xapian::Query::OP_AND_NOT, negative.begin(), negative.end()), false, false, filter};
  }

  Item parse_unary() {
    const Lexeme& lx = peek();
    if (lx.kind == Lex::kNot || lx.kind == Lex::kMinus) {
      Nest nest(*this, lx);
      take();
      if (!starts_operand(peek().kind)) throw missing_operand(lx.text, "a term after it", peek(), lx.offset);
      ++negation_depth_;
      Item inner = parse_unary();
      --negation_depth_;
      if (inner.empty) return inner;
      if (inner.negated) return {inner.q, false, false, inner.filter};
      return {inner.q, true, false, inner.filter};
    }
    if (lx.kind == Lex::kPlus) {
      Nest nest(*this, lx);
      take();
      return parse_unary();
    }
    return parse_primary();
  }

  Item parse_primary() {
    const Lexeme& lx = take();
    switch (lx.kind) {
      case Lex::kLParen: {
        Nest nest(*this, lx);
        if (peek().kind == Lex::kRParen) {
          throw QuerySyntaxError("empty parentheses" + at(lx.offset));
        }
        if (peek().kind == Lex::kEnd) {
          throw QuerySyntaxError("the query ends after '('" + at(lx.offset) +
                                 ": give a term and a closing ')'");
        }
        Item inner = parse_or();
        if (peek().kind != Lex::kRParen) {
          throw QuerySyntaxError("missing ')' for the '(' " + at(lx.offset).substr(1));
        }
        take();
        return inner;
      }
      case Lex::kWord: return text_item(lx.text, false, "");
      case Lex::kPhrase: return text_item(lx.text, true, "");
      case Lex::kField: {
        const sc::Field& f = *sc::find_field(lx.text);
        if (f.kind == sc::FieldKind::kFreeText) {
          std::vector<Item> any;
          for (std::size_t k = 0; k < lx.values.size(); ++k) {
            any.push_back(text_item(lx.values[k], k == 0 && lx.value_phrase, f.prefix));
          }
          return any_of(any);
        }
        count_terms(lx.values.size());
        return {boolean_filter(owner_.filter(f, lx.values, out_)), false, false, true};
      }
      case Lex::kEnd:
        // Operators check for their operand, so this is not reached now;
        // kept so that no message ever quotes the end as ''.
        throw QuerySyntaxError("the query ends where a term was expected" + at(lx.offset));
      default: throw QuerySyntaxError("unexpected '" + lx.text + "'" + at(lx.offset));
    }
  }

  // Words or a phrase, optionally restricted to a field (title:, by its prefix).
  Item text_item(const std::string& text, bool phrase, const std::string& prefix) {
    bool wildcard = !phrase && text.size() > 1 && text.back() == '*';
    std::string body = wildcard ? text.substr(0, text.size() - 1) : text;
    std::vector<analysis::Token> tokens = analysis::tokenize(body);
    count_terms(std::max<std::size_t>(1, tokens.size()));
    if (tokens.empty()) return {Xapian::Query(), false, true};
    out_.has_text = true;
    bool positive = negation_depth_ % 2 == 0;
    if (positive) {
      for (const auto& t : tokens) out_.highlight.push_back(t.term);
    }
    if (wildcard && tokens.size() == 1) {
      return {Xapian::Query(Xapian::Query::OP_WILDCARD, prefix + tokens[0].term)};
    }
    if (tokens.size() == 1 && !phrase) {
      const analysis::Token& t = tokens[0];
      if (positive) out_.plain_words.push_back(t.term);
      std::string stem = sc::stem_term(t.term);
      if (!stem.empty()) {
        if (positive) out_.highlight_stems.push_back(stem);
        std::string stem_prefix = sc::prefix(prefix.empty() ? sc::FieldId::kStem : sc::FieldId::kTitleStem);
        return {Xapian::Query(stem_prefix + stem)};
      }
      return {word_query(t, prefix)};
    }
    // A quoted phrase, or one typed word that analysis split ("al-Busaidi",
    // a run of Chinese): the words in order, adjacent.
    std::vector<Xapian::Query> parts;
    for (const auto& t : tokens) parts.emplace_back(prefix + t.term);
    if (parts.size() == 1) return {parts[0]};
    Xapian::Query phrase_q(Xapian::Query::OP_PHRASE, parts.begin(), parts.end(), parts.size());
    bool all_han = true;
    for (const auto& t : tokens) all_han &= t.kind == analysis::SegmentKind::kIdeographic;
    if (all_han && !phrase && prefix.empty()) {
      // Chinese typed without spaces may be cut differently from the text:
      // also accept the words' character pairs.
      std::vector<Xapian::Query> grams;
      for (const auto& t : tokens) {
        for (const std::string& g : sc::han_bigrams(t.term))
          grams.emplace_back(sc::prefix(sc::FieldId::kHanBigram) + g);
      }
      if (!grams.empty()) {
        return {Xapian::Query(Xapian::Query::OP_OR, phrase_q,
                              Xapian::Query(Xapian::Query::OP_AND, grams.begin(), grams.end()))};
      }
    }
    return {phrase_q};
  }

  static Xapian::Query word_query(const analysis::Token& t, const std::string& prefix) {
    Xapian::Query exact(prefix + t.term);
    if (t.kind != analysis::SegmentKind::kIdeographic || !prefix.empty()) return exact;
    std::vector<Xapian::Query> grams;
    for (const std::string& g : sc::han_bigrams(t.term))
      grams.emplace_back(sc::prefix(sc::FieldId::kHanBigram) + g);
    if (grams.empty()) return exact;
    return Xapian::Query(Xapian::Query::OP_OR, exact,
                         Xapian::Query(Xapian::Query::OP_AND, grams.begin(), grams.end()));
  }

  const QueryParser& owner_;
  const QueryParser::Options& options_;
  std::vector<Lexeme> lx_;
  std::size_t pos_ = 0;
  ParsedQuery& out_;
  int negation_depth_ = 0;  // > 0 inside NOT/-: words are not highlighted
  int depth_ = 0;           // levels of nesting open, at most kMaxQueryDepth
  std::size_t terms_ = 0;   // terms so far, at most kMaxQueryTerms
};

}  // namespace

Resolved resolve_exact(const schema::Field& field, std::string_view value) {
  std::string v = analysis::fold(util::trim(value));
  if (field.has(sc::kCode)) {
    for (char& c : v) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return {{field.prefix + v}, {std::string(util::trim(value))}};
}

Xapian::Query QueryParser::filter(const schema::Field& field, std::string_view value,
                                  ParsedQuery& out) const {
  return filter(field, std::vector<std::string>{std::string(value)}, out);
}

namespace {

// How a value is written back in a query: quoted when it holds a comma,
// a quote, a space or a parenthesis.
std::string quoted_if_needed(std::string_view v) {
  if (v.find_first_of(",\" ()\t") == std::string_view::npos) return std::string(v);
  std::string out = "\"";
  for (char c : v) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

Xapian::Query QueryParser::filter(const schema::Field& field, const std::vector<std::string>& values,
                                  ParsedQuery& out) const {
  std::string shown;
  for (const std::string& v : values) {
    if (!shown.empty()) shown += ',';
    shown += quoted_if_needed(util::trim(v));
  }
  if (field.kind == sc::FieldKind::kDate) {
    std::vector<Xapian::Query> any;
    for (const std::string& v : values) {
      article::DateRange r = article::parse_date_range(v);
      std::string lo = r.begin ? Xapian::sortable_serialise(static_cast<double>(*r.begin)) : "";
      if (!r.end) {
        any.emplace_back(Xapian::Query::OP_VALUE_GE, field.slot, lo);
        continue;
      }
      if (r.begin && *r.begin >= *r.end) {
        throw InputError("", 0, "date range \"" + v + "\" ends before it begins", "date");
      }
      std::string hi = Xapian::sortable_serialise(static_cast<double>(*r.end - 1));
      if (!r.begin) {
        any.emplace_back(Xapian::Query::OP_VALUE_LE, field.slot, hi);
      } else {
        any.emplace_back(Xapian::Query::OP_VALUE_RANGE, field.slot, lo, hi);
      }
    }
    out.filters.push_back({field.name, shown, {}});
    if (any.empty()) return Xapian::Query::MatchNothing;
    return Xapian::Query(Xapian::Query::OP_OR, any.begin(), any.end());
  }
  std::vector<Xapian::Query> any;
  AppliedFilter applied{field.name, shown, {}};
  for (const std::string& piece : values) {
    std::string_view v = util::trim(piece);
    if (v.empty()) continue;
    Resolved r = options_.resolver ? options_.resolver(field, v) : resolve_exact(field, v);
    if (r.terms.empty()) {
      out.notes.push_back(std::string(field.name) + ":" + quoted_if_needed(v) +
                          " matched nothing in this index");
    }
    for (const std::string& t : r.terms) any.emplace_back(t);
    applied.matched.insert(applied.matched.end(), r.labels.begin(), r.labels.end());
  }
  out.filters.push_back(std::move(applied));
  if (any.empty()) return Xapian::Query::MatchNothing;
  return Xapian::Query(Xapian::Query::OP_OR, any.begin(), any.end());
}

ParsedQuery QueryParser::parse(std::string_view text) const {
  ParsedQuery out;
  if (!util::valid_utf8(text)) throw QuerySyntaxError("query is not valid UTF-8");
  Parser p(*this, options_, lex(text), out);
  out.query = p.parse();
  return out;
}

}  // namespace dateline::search
