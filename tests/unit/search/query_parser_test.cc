#include "search/query_parser.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "util/error.h"

namespace dateline::search {
namespace {

std::string describe(std::string_view q, bool any = false) {
  QueryParser::Options o;
  o.default_or = any;
  return QueryParser(o).parse(q).query.get_description();
}

bool contains(const std::string& hay, const std::string& needle) {
  return hay.find(needle) != std::string::npos;
}

TEST(QueryParserTest, Descriptions) {
  struct Case {
    const char* query;
    bool any;
    const char* want;
  } cases[] = {
      {"", false, "Query(<alldocuments>)"},
      {"   ", false, "Query(<alldocuments>)"},
      {"iran", false, "Query(Ziran)"},
      {"Talks", false, "Query(Ztalk)"},
      {"iran talks", false, "Query((Ziran AND Ztalk))"},
      {"iran AND talks", false, "Query((Ziran AND Ztalk))"},
      {"iran && talks", false, "Query((Ziran AND Ztalk))"},
      {"iran talks", true, "Query((Ziran OR Ztalk))"},
      {"iran OR talks", false, "Query((Ziran OR Ztalk))"},
      {"iran || talks", false, "Query((Ziran OR Ztalk))"},
      {"\"iran talks\"", false, "Query((iran PHRASE 2 talks))"},
      {"iran -oman", false, "Query((Ziran AND_NOT Zoman))"},
      {"iran NOT oman", false, "Query((Ziran AND_NOT Zoman))"},
      {"-oman", false, "Query((<alldocuments> AND_NOT Zoman))"},
      {"NOT oman", false, "Query((<alldocuments> AND_NOT Zoman))"},
      {"+iran", false, "Query(Ziran)"},
      {"(iran OR oman) talks", false, "Query(((Ziran OR Zoman) AND Ztalk))"},
      {"iran (oman OR qatar)", false, "Query((Ziran AND (Zoman OR Zqatar)))"},
      {"title:iran", false, "Query(ZSiran)"},
      {"TITLE:iran", false, "Query(ZSiran)"},
      {"title:\"iran talks\"", false, "Query((Siran PHRASE 2 Stalks))"},
      {"2026", false, "Query(2026)"},
      {"tal*", false, "WILDCARD"},
      {"São", false, "Query(Zsao)"},
  };
  for (const Case& c : cases) {
    std::string got;
    ASSERT_NO_THROW(got = describe(c.query, c.any)) << c.query;
    EXPECT_TRUE(contains(got, c.want)) << c.query << (c.any ? " (any)" : "") << " -> " << got;
  }
}

TEST(QueryParserTest, AnyKeepsExclusionsAndFilters) {
  std::string d = describe("iran -oman", true);
  EXPECT_TRUE(contains(d, "AND_NOT Zoman")) << d;
  d = describe("iran source:reuters", true);
  EXPECT_FALSE(contains(d, " OR ")) << "a filter is never ORed in: " << d;
  EXPECT_TRUE(contains(d, "XSOURCE:reuters")) << d;
}

TEST(QueryParserTest, PhraseIsOpPhrase) {
  ParsedQuery p = QueryParser().parse("\"Iran’s nuclear talks\"");
  EXPECT_EQ(p.query.get_type(), Xapian::Query::OP_PHRASE);
  EXPECT_TRUE(contains(p.query.get_description(), "iran PHRASE 3 nuclear PHRASE 3 talks"))
      << p.query.get_description();
  EXPECT_TRUE(p.has_text);
  EXPECT_EQ(p.highlight, (std::vector<std::string>{"iran", "nuclear", "talks"}));
}

TEST(QueryParserTest, HyphenatedWordIsAPhrase) {
  ParsedQuery p = QueryParser().parse("al-Busaidi");
  EXPECT_EQ(p.query.get_type(), Xapian::Query::OP_PHRASE) << p.query.get_description();
}

TEST(QueryParserTest, ChineseWordAlsoMatchesBigrams) {
  std::string d = describe("伊朗");
  EXPECT_TRUE(contains(d, "伊朗")) << d;
  EXPECT_TRUE(contains(d, "XH:伊朗")) << d;
}

TEST(QueryParserTest, HighlightAndPlainWords) {
  ParsedQuery p = QueryParser().parse("Iran talks");
  EXPECT_TRUE(p.has_text);
  EXPECT_EQ(p.highlight, (std::vector<std::string>{"iran", "talks"}));
  EXPECT_EQ(p.highlight_stems, (std::vector<std::string>{"iran", "talk"}));
  EXPECT_EQ(p.plain_words, (std::vector<std::string>{"iran", "talks"}));
}

// query_parser.h: plain_words are the "positive bare words, for spelling".
TEST(QueryParserTest, ExcludedWordsAreNotPlainWordsOrHighlighted) {
  ParsedQuery p = QueryParser().parse("iran -oman NOT qatar");
  EXPECT_EQ(p.plain_words, std::vector<std::string>{"iran"});
  EXPECT_EQ(p.highlight, std::vector<std::string>{"iran"});
}

TEST(QueryParserTest, FilterOnlyQueryHasNoText) {
  ParsedQuery p = QueryParser().parse("source:reuters");
  EXPECT_FALSE(p.has_text);
  EXPECT_TRUE(contains(p.query.get_description(), "XSOURCE:reuters")) << p.query.get_description();
  ASSERT_EQ(p.filters.size(), 1u);
  EXPECT_EQ(p.filters[0].field, "source");
  EXPECT_EQ(p.filters[0].value, "reuters");
}

TEST(QueryParserTest, FieldValuesWithCommasMeanEither) {
  struct Case {
    const char* query;
    std::vector<const char*> terms;
  } cases[] = {
      {"source:reuters,ap", {"XSOURCE:reuters", "XSOURCE:ap"}},
      {"country:ir,iq", {"XCOUNTRY:IR", "XCOUNTRY:IQ"}},
      {"person:Trump,,Putin", {"XPERSON:trump", "XPERSON:putin"}},
      {"lang:EN", {"Len"}},
      {"place:\"São Paulo\"", {"XPLACE:sao paulo"}},
  };
  for (const Case& c : cases) {
    ParsedQuery p = QueryParser().parse(c.query);
    std::string d = p.query.get_description();
    for (const char* t : c.terms) {
      EXPECT_TRUE(contains(d, t)) << c.query << " -> " << d;
    }
    if (c.terms.size() > 1) {
      EXPECT_TRUE(contains(d, " OR ")) << c.query << " -> " << d;
    }
    // Filters do not change scores.
    EXPECT_EQ(p.query.get_type(), Xapian::Query::OP_SCALE_WEIGHT) << c.query << " -> " << d;
  }
}

TEST(QueryParserTest, QuotedListItemsKeepTheirCommasAndQuotes) {
  std::vector<std::string> seen;
  QueryParser::Options o;
  o.resolver = [&seen](const schema::Field& f, std::string_view v) -> Resolved {
    seen.emplace_back(v);
    return resolve_exact(f, v);
  };
  QueryParser qp(o);
  ParsedQuery p = qp.parse("oil place:\"Washington, D.C.\",London person:\"O\\\"Brien\\\\x\" (rates)");
  EXPECT_EQ(seen, (std::vector<std::string>{"Washington, D.C.", "London", "O\"Brien\\x"}));
  ASSERT_EQ(p.filters.size(), 2u);
  EXPECT_EQ(p.filters[0].value, "\"Washington, D.C.\",London") << "written back as typed";
  EXPECT_EQ(p.highlight, (std::vector<std::string>{"oil", "rates"}));
  // A value given alone (a flag, an HTTP parameter) is one value.
  seen.clear();
  ParsedQuery f;
  Xapian::Query q = qp.filter(*schema::find_field("place"), "Washington, D.C.", f);
  EXPECT_EQ(seen, (std::vector<std::string>{"Washington, D.C."}));
  EXPECT_TRUE(contains(q.get_description(), "XPLACE:washington, d.c.")) << q.get_description();
  EXPECT_FALSE(contains(q.get_description(), " OR ")) << q.get_description();
  EXPECT_THROW((void)qp.parse("place:\"Washington, D.C.\",\"London"), QuerySyntaxError);
}

TEST(QueryParserTest, FilterResolverAndNotes) {
  QueryParser::Options o;
  o.resolver = [](const schema::Field&, std::string_view v) -> Resolved {
    if (v == "iran") return {{"XCOUNTRY:IR"}, {"Iran"}};
    return {};
  };
  QueryParser qp(o);
  ParsedQuery p = qp.parse("talks country:iran,atlantis");
  ASSERT_EQ(p.filters.size(), 1u);
  EXPECT_EQ(p.filters[0].matched, std::vector<std::string>{"Iran"});
  ASSERT_EQ(p.notes.size(), 1u);
  EXPECT_TRUE(contains(p.notes[0], "country:atlantis")) << p.notes[0];

  ParsedQuery none = qp.parse("country:atlantis");
  EXPECT_EQ(none.query.get_description(), "Query()") << "MatchNothing";
}

TEST(QueryParserTest, DateFiltersAreValueRanges) {
  struct Case {
    const char* query;
    const char* op;
  } cases[] = {
      {"date:2026-02", "VALUE_RANGE 0"},    {"date:2026", "VALUE_RANGE 0"},
      {"date:2026-02-07", "VALUE_RANGE 0"}, {"date:2026-01..2026-02", "VALUE_RANGE 0"},
      {"date:2026-02..", "VALUE_GE 0"},     {"date:..2026-02", "VALUE_LE 0"},
  };
  for (const Case& c : cases) {
    ParsedQuery p = QueryParser().parse(c.query);
    EXPECT_TRUE(contains(p.query.get_description(), c.op)) << c.query << " -> " << p.query.get_description();
    ASSERT_EQ(p.filters.size(), 1u) << c.query;
    EXPECT_EQ(p.filters[0].field, "date") << c.query;
  }
  // The range's bounds: [Feb 1, Mar 1 - 1s].
  ParsedQuery p;
  Xapian::Query q = QueryParser().filter(*schema::find_field("date"), "2026-02", p);
  Xapian::Query want(Xapian::Query::OP_VALUE_RANGE, schema::kSlotPublished,
                     Xapian::sortable_serialise(1769904000.0), Xapian::sortable_serialise(1772323200.0 - 1));
  EXPECT_EQ(q.get_description(), want.get_description());
}

TEST(QueryParserTest, UnknownFieldIsText) {
  ParsedQuery p = QueryParser().parse("foo:bar");
  EXPECT_TRUE(p.has_text);
  EXPECT_TRUE(p.filters.empty());
  std::string d = p.query.get_description();
  EXPECT_TRUE(contains(d, "foo")) << d;
  EXPECT_TRUE(contains(d, "bar")) << d;
  EXPECT_FALSE(contains(d, "X")) << d;
}

TEST(QueryParserTest, SyntaxErrors) {
  const char* cases[] = {
      "(iran",
      "iran)",
      ")",
      "()",
      "(iran talks",
      "\"iran talks",
      "iran \"",
      "iran AND",
      "AND",
      "iran OR",
      "OR iran",
      "NOT",
      "title:",
      "title: iran",
      "source:",
      "iran (OR oman)",
      "iran AND AND oman",
  };
  for (const char* c : cases) {
    EXPECT_THROW((void)QueryParser().parse(c), QuerySyntaxError) << '"' << c << '"';
  }
}

TEST(QueryParserTest, ErrorMessagesSayWhere) {
  try {
    (void)QueryParser().parse("iran AND");
    ADD_FAILURE();
  } catch (const QuerySyntaxError& e) {
    EXPECT_TRUE(contains(e.what(), "AND")) << e.what();
    EXPECT_TRUE(contains(e.what(), "character 6")) << e.what();
  }
}

TEST(QueryParserTest, BadDateIsInputError) {
  for (const char* q : {"date:garbage", "date:2026-02-30", "iran date:..", "date:2026-13"}) {
    try {
      (void)QueryParser().parse(q);
      ADD_FAILURE() << "no error for " << q;
    } catch (const InputError& e) {
      EXPECT_EQ(e.field(), "date") << q;
    } catch (const std::exception& e) {
      ADD_FAILURE() << q << ": wrong exception: " << e.what();
    }
  }
}

TEST(QueryParserTest, InvalidUtf8IsASyntaxError) {
  EXPECT_THROW((void)QueryParser().parse("S\xE3o"), QuerySyntaxError);
}

TEST(QueryParserTest, PunctuationOnlyWordsAreIgnored) {
  EXPECT_EQ(describe("iran , !"), "Query(Ziran)");
  EXPECT_EQ(describe("- -"), "Query(<alldocuments>)");
  EXPECT_EQ(describe("iran -"), "Query(Ziran)") << "a trailing '-' is punctuation";
}

// Issue 13: 30,000 nested parentheses, 120,000 '-' or 100,000 OR'd terms
// crashed search and batch (the stack). Each is refused with a message
// naming the limit, and no query within the limits builds a deep query.
std::string syntax_error(const std::string& q) {
  try {
    (void)QueryParser().parse(q);
  } catch (const QuerySyntaxError& e) {
    return e.what();
  }
  return "(no error)";
}

std::string repeated(const std::string& piece, std::size_t n) {
  std::string out;
  out.reserve(piece.size() * n);
  for (std::size_t i = 0; i < n; ++i) out += piece;
  return out;
}

TEST(QueryParserTest, NestingDeeperThanTheLimitIsRefused) {
  struct Case {
    std::string query;
    std::string what;
  } cases[] = {
      {repeated("(", 30000) + "x" + repeated(")", 30000), "30,000 parentheses"},
      {repeated("-", 120000) + "egypt", "120,000 '-'"},
      {"wheat " + repeated("NOT ", 5000) + "egypt", "5,000 NOT"},
      {repeated("+", 200) + "egypt", "200 '+'"},
      {repeated("(", 101) + "x" + repeated(")", 101), "101 parentheses"},
      {repeated("(a ", 60) + repeated("-", 60) + "x" + repeated(")", 60), "60 + 60 levels"},
  };
  for (const Case& c : cases) {
    std::string e = syntax_error(c.query);
    EXPECT_NE(e.find("nests deeper than 100 levels"), std::string::npos) << c.what << ": " << e;
  }
}

TEST(QueryParserTest, NestingUpToTheLimitParses) {
  for (const std::string& q :
       {repeated("(", kMaxQueryDepth) + "iran" + repeated(")", kMaxQueryDepth),
        repeated("-", kMaxQueryDepth) + "iran", repeated("-", kMaxQueryDepth - 1) + "iran"}) {
    ParsedQuery p;
    ASSERT_NO_THROW(p = QueryParser().parse(q)) << q.size();
    std::string d = p.query.get_description();
    EXPECT_NE(d.find("Ziran"), std::string::npos) << d;
  }
  // An even number of '-' cancels out, an odd one excludes.
  EXPECT_EQ(describe(repeated("-", 100) + "iran"), "Query(Ziran)");
  EXPECT_EQ(describe(repeated("-", 99) + "iran"), "Query((<alldocuments> AND_NOT Ziran))");
}

TEST(QueryParserTest, MoreTermsThanTheLimitAreRefused) {
  struct Case {
    std::string query;
    std::string what;
  } cases[] = {
      {"a" + repeated(" OR a", 100000), "100,000 OR'd terms"},
      {repeated("w ", kMaxQueryTerms + 1), "1,001 words"},
      {"\"" + repeated("w ", kMaxQueryTerms + 1) + "\"", "a phrase of 1,001 words"},
      {"country:" + repeated("ir,", kMaxQueryTerms + 1), "1,001 filter values"},
      {repeated("a AND ", kMaxQueryTerms) + "a", "1,001 ANDed terms"},
  };
  for (const Case& c : cases) {
    std::string e = syntax_error(c.query);
    EXPECT_NE(e.find("more than 1000 terms"), std::string::npos) << c.what << ": " << e;
  }
}

TEST(QueryParserTest, ManyTermsBuildAFlatQuery) {
  // A chain of ORs (or ANDs, or words) within the limit is one operator
  // with every term under it, not a tree one level deep per term.
  for (const std::string& q :
       {"oil" + repeated(" OR oil", kMaxQueryTerms - 1), "oil" + repeated(" AND oil", kMaxQueryTerms - 1),
        "oil" + repeated(" oil", kMaxQueryTerms - 1), "wheat" + repeated(" -oil", kMaxQueryTerms - 1)}) {
    ParsedQuery p;
    ASSERT_NO_THROW(p = QueryParser().parse(q)) << q.substr(0, 20);
    EXPECT_EQ(p.query.get_num_subqueries(), kMaxQueryTerms) << q.substr(0, 20);
    for (std::size_t i = 0; i < p.query.get_num_subqueries(); ++i) {
      ASSERT_EQ(p.query.get_subquery(i).get_num_subqueries(), 0u) << q.substr(0, 20) << " #" << i;
    }
  }
  QueryParser::Options any;
  any.default_or = true;
  ParsedQuery p = QueryParser(any).parse("oil" + repeated(" oil", kMaxQueryTerms - 1));
  EXPECT_EQ(p.query.get_type(), Xapian::Query::OP_OR);
  EXPECT_EQ(p.query.get_num_subqueries(), kMaxQueryTerms);
}

TEST(QueryParserTest, ExclusionsAndFiltersKeepTheirMeaningWhenFlat) {
  struct Case {
    const char* query;
    bool any;
    const char* want;
  } cases[] = {
      {"iran -oman NOT qatar", false, "Query((Ziran AND_NOT Zoman AND_NOT Zqatar))"},
      {"-oman -qatar", false, "Query((<alldocuments> AND_NOT (Zoman OR Zqatar)))"},
      {"iran talks -oman", true, "Query(((Ziran OR Ztalk) AND_NOT Zoman))"},
      {"iran OR -oman", false, "Query((Ziran OR (<alldocuments> AND_NOT Zoman)))"},
      {"iran AND talks AND oman", false, "Query((Ziran AND Ztalk AND Zoman))"},
      {"iran OR talks OR oman", false, "Query((Ziran OR Ztalk OR Zoman))"},
      {"-oman AND iran", false, "Query((Ziran AND_NOT Zoman))"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(describe(c.query, c.any), c.want) << c.query << (c.any ? " (any)" : "");
  }
}

TEST(QueryParserTest, ErrorsAtTheEndSayWhatIsMissing) {
  struct Case {
    const char* query;
    const char* want;
  } cases[] = {
      {"(", "the query ends after '(' (at character 1): give a term and a closing ')'"},
      {"iran (", "the query ends after '(' (at character 6)"},
      {"iran OR", "'OR' (at character 6) needs a term on its right, but the query ends there"},
      {"iran AND", "'AND' (at character 6) needs a term on its right, but the query ends there"},
      {"iran NOT", "'NOT' (at character 6) needs a term after it, but the query ends there"},
      {"iran -(", "the query ends after '('"},
  };
  for (const Case& c : cases) {
    std::string e = syntax_error(c.query);
    EXPECT_NE(e.find(c.want), std::string::npos) << c.query << ": " << e;
    EXPECT_EQ(e.find("''"), std::string::npos) << c.query << ": " << e;
  }
}

}  // namespace
}  // namespace dateline::search
