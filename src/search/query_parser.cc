#include "search/query_parser.h"

#include <cctype>

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
  std::string text;        // word, phrase text, or field name
  std::vector<std::string> values;  // for kField: its value, or the values of a list (either)
  bool value_phrase = false;        // for kField: the (first) value was quoted
  std::size_t offset = 0;  // where it starts in the query, for messages
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string at(std::size_t offset) { return " (at character " + std::to_string(offset + 1) + ")"; }

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
        while (j < q.size() && !is_space(q[j]) && q[j] != '(' && q[j] != ')' && q[j] != '"' &&
               q[j] != ',') {
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
  Parser(const QueryParser& owner, const QueryParser::Options& options,
         std::vector<Lexeme> lexemes, ParsedQuery& out)
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
    bool empty = false;  // e.g. a word that analysis turned into nothing
    bool filter = false;  // a field filter: never ORed by --any
  };

  const Lexeme& peek() const { return lx_[pos_]; }
  const Lexeme& take() { return lx_[pos_++]; }

  static Xapian::Query finish(const Item& item) {
    if (item.empty) return Xapian::Query::MatchAll;
    if (item.negated) return Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query::MatchAll, item.q);
    return item.q;
  }

  Item parse_or() {
    Item left = parse_seq();
    while (peek().kind == Lex::kOr) {
      const Lexeme& op = take();
      if (starts_operand(peek().kind) == false) {
        throw QuerySyntaxError("'OR' needs a term on its right" + at(op.offset));
      }
      Item right = parse_seq();
      left = combine(Xapian::Query::OP_OR, left, right);
    }
    return left;
  }

  static bool starts_operand(Lex k) {
    return k == Lex::kWord || k == Lex::kPhrase || k == Lex::kLParen || k == Lex::kNot ||
           k == Lex::kMinus || k == Lex::kPlus || k == Lex::kField;
  }

  // Terms side by side: the positive ones join with the default operator
  // (AND, or OR with --any); filters and exclusions always apply to the
  // whole sequence ("id:x rain talks" with --any is x AND (rain OR talks)).
  Item parse_seq() {
    std::vector<Item> positive;
    std::vector<Item> filters;
    std::vector<Item> excluded;
    do {
      Item it = parse_and();
      if (it.empty) continue;
      if (it.negated) {
        excluded.push_back(it);
      } else if (is_filter(it)) {
        filters.push_back(it);
      } else {
        positive.push_back(it);
      }
    } while (starts_operand(peek().kind));
    Item out{Xapian::Query(), false, true};
    auto op = options_.default_or ? Xapian::Query::OP_OR : Xapian::Query::OP_AND;
    for (const Item& p : positive) out = combine(op, out, p);
    for (const Item& f : filters) out = combine(Xapian::Query::OP_AND, out, f);
    for (const Item& e : excluded) out = combine(Xapian::Query::OP_AND, out, e);
    return out;
  }

  // Explicit AND binds tighter than side-by-side terms.
  Item parse_and() {
    Item left = parse_unary();
    while (peek().kind == Lex::kAnd) {
      const Lexeme& op = take();
      if (!starts_operand(peek().kind)) {
        throw QuerySyntaxError("'AND' needs a term on its right" + at(op.offset));
      }
      left = combine(Xapian::Query::OP_AND, left, parse_unary());
    }
    return left;
  }

  static bool is_filter(const Item& i) { return i.filter; }

  Item combine(Xapian::Query::op op, const Item& a, const Item& b) {
    if (a.empty) return b;
    if (b.empty) return a;
    if (op == Xapian::Query::OP_AND) {
      if (a.negated && b.negated) {
        return {Xapian::Query(Xapian::Query::OP_OR, a.q, b.q), true};
      }
      if (b.negated) return {Xapian::Query(Xapian::Query::OP_AND_NOT, a.q, b.q), false, false, a.filter};
      if (a.negated) return {Xapian::Query(Xapian::Query::OP_AND_NOT, b.q, a.q), false, false, b.filter};
      return {Xapian::Query(Xapian::Query::OP_AND, a.q, b.q), false, false, a.filter && b.filter};
    }
    // OR with an exclusion: "a OR -b" means a, or anything without b.
    return {Xapian::Query(op, finish(a), finish(b)), false, false, a.filter && b.filter};
  }

  Item parse_unary() {
    const Lexeme& lx = peek();
    if (lx.kind == Lex::kNot || lx.kind == Lex::kMinus) {
      take();
      if (!starts_operand(peek().kind)) {
        throw QuerySyntaxError("'" + lx.text + "' needs a term after it" + at(lx.offset));
      }
      ++negation_depth_;
      Item inner = parse_unary();
      --negation_depth_;
      if (inner.empty) return inner;
      if (inner.negated) return {inner.q, false, false, inner.filter};
      return {inner.q, true, false, inner.filter};
    }
    if (lx.kind == Lex::kPlus) {
      take();
      return parse_unary();
    }
    return parse_primary();
  }

  Item parse_primary() {
    const Lexeme& lx = take();
    switch (lx.kind) {
      case Lex::kLParen: {
        if (peek().kind == Lex::kRParen) {
          throw QuerySyntaxError("empty parentheses" + at(lx.offset));
        }
        Item inner = parse_or();
        if (peek().kind != Lex::kRParen) {
          throw QuerySyntaxError("missing ')' for the '(' " + at(lx.offset).substr(1));
        }
        take();
        return inner;
      }
      case Lex::kWord:
        return text_item(lx.text, false, "");
      case Lex::kPhrase:
        return text_item(lx.text, true, "");
      case Lex::kField: {
        const sc::Field& f = *sc::find_field(lx.text);
        if (f.kind == sc::FieldKind::kFreeText) {
          Item out{Xapian::Query(), false, true};
          for (std::size_t k = 0; k < lx.values.size(); ++k) {
            out = combine(Xapian::Query::OP_OR, out,
                          text_item(lx.values[k], k == 0 && lx.value_phrase, f.prefix));
          }
          return out;
        }
        return {boolean_filter(owner_.filter(f, lx.values, out_)), false, false, true};
      }
      default:
        throw QuerySyntaxError("unexpected '" + lx.text + "'" + at(lx.offset));
    }
  }

  // Words or a phrase, optionally restricted to a field (title: -> "S").
  Item text_item(const std::string& text, bool phrase, const std::string& prefix) {
    bool wildcard = !phrase && text.size() > 1 && text.back() == '*';
    std::string body = wildcard ? text.substr(0, text.size() - 1) : text;
    std::vector<analysis::Token> tokens = analysis::tokenize(body);
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
        std::string stem_prefix = prefix.empty() ? sc::kPrefixStem : sc::kPrefixTitleStem;
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
        for (const std::string& g : sc::han_bigrams(t.term)) grams.emplace_back(sc::kPrefixHanBigram + g);
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
    for (const std::string& g : sc::han_bigrams(t.term)) grams.emplace_back(sc::kPrefixHanBigram + g);
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
};

}  // namespace

Resolved resolve_exact(const schema::Field& field, std::string_view value) {
  std::string v = analysis::fold(util::trim(value));
  if (field.prefix == std::string(sc::kPrefixCountry)) {
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
        any.emplace_back(Xapian::Query::OP_VALUE_GE, sc::kSlotPublished, lo);
        continue;
      }
      if (r.begin && *r.begin >= *r.end) {
        throw InputError("", 0, "date range \"" + v + "\" ends before it begins", "date");
      }
      std::string hi = Xapian::sortable_serialise(static_cast<double>(*r.end - 1));
      if (!r.begin) {
        any.emplace_back(Xapian::Query::OP_VALUE_LE, sc::kSlotPublished, hi);
      } else {
        any.emplace_back(Xapian::Query::OP_VALUE_RANGE, sc::kSlotPublished, lo, hi);
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
