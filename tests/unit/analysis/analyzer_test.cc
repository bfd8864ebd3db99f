#include "analysis/analyzer.h"

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "util/strings.h"

namespace dateline::analysis {
namespace {

std::vector<std::string> terms(std::string_view text) {
  std::vector<std::string> out;
  for (const Token& t : tokenize(text)) out.push_back(t.term);
  return out;
}

using Terms = std::vector<std::string>;

TEST(AnalyzerTest, Fold) {
  struct Case {
    const char* in;
    const char* want;
  } cases[] = {
      {"", ""},
      {"Hello World", "hello world"},
      {"São Paulo", "sao paulo"},
      {"ÄRZTE", "arzte"},
      {"Ärzte", "arzte"},
      {"ß", "ss"},
      {"Straße", "strasse"},
      {"ｆｕｌｌ", "full"},  // NFKC: full-width letters
      {"ﬁle", "file"},       // NFKC: ligature
      {"Ελλάδα", "ελλαδα"},  // Greek accents removed
      {"Москва́", "москва"},  // Cyrillic stress mark removed
      {"Crème Brûlée", "creme brulee"},
      {"ที่", "ที่"},          // Thai marks are part of the letter
      {"हिन्दी", "हिन्दी"},  // Devanagari marks kept
      {"美国", "美国"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(fold(c.in), c.want) << c.in;
  }
}

// fold() keeps the folds of Latin letters in a table; it must give what
// ICU gives, alone, next to ASCII and each other, and for every name of
// the gazetteer (places in many languages, Greek, Cyrillic, Arabic, Han).
TEST(AnalyzerTest, FoldTableAgreesWithIcu) {
  auto utf8 = [](char32_t cp) {
    std::string s;
    if (cp < 0x80) {
      s.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      s.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      s.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      s.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
    return s;
  };
  std::size_t checked = 0;
  auto check = [&](const std::string& text) {
    ++checked;
    EXPECT_EQ(fold(text), fold_with_icu(text)) << text;
  };
  for (char32_t cp = 0x80; cp < 0x250; ++cp) {
    check(utf8(cp));
    check("A" + utf8(cp) + "b");
    check(utf8(cp) + utf8(0x0301));        // a combining accent after it
    check(utf8(cp) + utf8(cp ^ 1) + "Z");  // a neighbour
    check(utf8(cp) + utf8(0x0399));        // Greek after it
  }
  const std::string dir = std::string(DATELINE_SOURCE_DIR) + "/data/gazetteer/";
  for (const char* file : {"cities.tsv", "countries.tsv", "country-names.tsv", "regions.tsv"}) {
    std::ifstream in(dir + file);
    ASSERT_TRUE(in) << dir + file;
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      for (const std::string& field : util::split(line, '\t')) {
        for (const std::string& name : util::split(field, '|')) {
          if (!name.empty()) check(name);
        }
      }
    }
  }
  EXPECT_GT(checked, 100000u);
}

TEST(AnalyzerTest, FoldNeverThrowsOnInvalidUtf8) {
  for (std::string bad : {"S\xE3o", "\xFF\xFE\xFD", "\xC3", "abc\xED\xA0\x80"}) {
    EXPECT_NO_THROW((void)fold(bad)) << bad;
  }
}

TEST(AnalyzerTest, TokenizeWords) {
  struct Case {
    const char* in;
    Terms want;
  } cases[] = {
      {"", {}},
      {"   ", {}},
      {"Iran and US hold talks", {"iran", "and", "us", "hold", "talks"}},
      {"Iran's nuclear", {"iran", "nuclear"}},
      {"Iran\xE2\x80\x99s nuclear", {"iran", "nuclear"}},  // curly apostrophe
      {"IRAN'S", {"iran"}},
      {"l'Iran", {"iran"}},
      {"L\xE2\x80\x99Iran", {"iran"}},
      {"d'Orsay", {"orsay"}},
      {"qu'il", {"il"}},
      {"O'Brien", {"o'brien"}},
      {"don't", {"don't"}},
      {"rock\xE2\x80\x99n\xE2\x80\x99roll", {"rock'n'roll"}},
      {"Hello, world! (Yes.) \"quoted\" -- ok?", {"hello", "world", "yes", "quoted", "ok"}},
      {"São Paulo", {"sao", "paulo"}},
      {"1,000 people", {"1,000", "people"}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(terms(c.in), c.want) << c.in;
  }
}

TEST(AnalyzerTest, TokenOffsetsPointAtOriginalBytes) {
  const std::string text = "  São Paulo's l'Iran, ÄRZTE!";
  std::vector<Token> toks = tokenize(text);
  ASSERT_EQ(toks.size(), 4u);
  const char* originals[] = {"São", "Paulo", "Iran", "ÄRZTE"};
  const char* folded[] = {"sao", "paulo", "iran", "arzte"};
  for (std::size_t i = 0; i < toks.size(); ++i) {
    ASSERT_LE(toks[i].begin, toks[i].end) << i;
    ASSERT_LE(toks[i].end, text.size()) << i;
    EXPECT_EQ(text.substr(toks[i].begin, toks[i].end - toks[i].begin), originals[i]) << i;
    EXPECT_EQ(toks[i].term, folded[i]) << i;
  }
}

TEST(AnalyzerTest, SegmentKeepsPunctuationPerCharacter) {
  std::vector<Segment> segs = segment("Hi, 3.5 — ok!!");
  std::vector<std::string> texts;
  std::vector<SegmentKind> kinds;
  for (const Segment& s : segs) {
    texts.emplace_back(s.text);
    kinds.push_back(s.kind);
  }
  EXPECT_EQ(texts, (Terms{"Hi", ",", "3.5", "—", "ok", "!", "!"}));
  ASSERT_EQ(kinds.size(), 7u);
  EXPECT_EQ(kinds[0], SegmentKind::kWord);
  EXPECT_EQ(kinds[1], SegmentKind::kPunct);
  EXPECT_EQ(kinds[2], SegmentKind::kNumber);
  EXPECT_EQ(kinds[3], SegmentKind::kPunct);
}

TEST(AnalyzerTest, RepeatedSegmentationPointsIntoTheGivenText) {
  // segment() remembers recent results by content; a repeat must still
  // return views into the text it was given, not into an earlier copy.
  std::string first = "Talks in Muscat, Oman, went well.";
  std::string second = first;
  std::vector<Segment> a = segment(first);
  first.assign(first.size(), 'x');  // the first text changes after the call
  std::vector<Segment> b = segment(second);
  ASSERT_EQ(b.size(), a.size());
  for (const Segment& s : b) {
    EXPECT_EQ(s.text.data(), second.data() + s.begin);
    EXPECT_EQ(s.text, second.substr(s.begin, s.end - s.begin));
  }
  EXPECT_EQ(b[2].text, "Muscat");
  // Changed content is segmented afresh.
  std::vector<Segment> c = segment(first);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].text, first);
}

TEST(AnalyzerTest, ChineseIsSegmentedIntoWords) {
  const std::string text = "美国和伊朗在阿曼举行会谈";  // 12 characters
  std::vector<Token> toks = tokenize(text);
  Terms t;
  for (const Token& tok : toks) t.push_back(tok.term);
  ASSERT_GT(toks.size(), 1u) << "not one token for the whole run";
  EXPECT_LT(toks.size(), 12u) << "not one token per character";
  bool multi_char = false;
  std::string joined;
  for (const Token& tok : toks) {
    EXPECT_EQ(tok.kind, SegmentKind::kIdeographic) << tok.term;
    if (tok.term.size() > 3) multi_char = true;
    joined += tok.term;
  }
  EXPECT_TRUE(multi_char);
  EXPECT_EQ(joined, text);
  EXPECT_NE(std::find(t.begin(), t.end(), "美国"), t.end());
  EXPECT_NE(std::find(t.begin(), t.end(), "伊朗"), t.end());
}

TEST(AnalyzerTest, ThaiIsSegmentedIntoWords) {
  const std::string text = "ประเทศไทยมีประชากรมาก";
  std::vector<Token> toks = tokenize(text);
  ASSERT_GT(toks.size(), 2u);
  std::string joined;
  for (const Token& tok : toks) {
    EXPECT_EQ(tok.kind, SegmentKind::kWord) << tok.term;
    joined += tok.term;
  }
  EXPECT_EQ(joined, text);
  EXPECT_EQ(toks[0].term.rfind("ประเทศ", 0), 0u) << toks[0].term;
}

TEST(AnalyzerTest, InvalidUtf8NeverCrashes) {
  const std::string cases[] = {
      "S\xE3o Paulo",
      "\xFF\xFF\xFF",
      "abc\xC3",
      "\xE7\xBE trailing",
      std::string("nul\0byte", 8),
      "\xED\xA0\x80 surrogate",
      "\xF0\x9F\x98\x80 emoji \xF0\x9F",
  };
  for (const std::string& c : cases) {
    std::vector<Token> toks;
    ASSERT_NO_THROW(toks = tokenize(c)) << c;
    for (const Token& t : toks) {
      EXPECT_LE(t.begin, t.end) << c;
      EXPECT_LE(t.end, c.size()) << c;
    }
  }
  Terms got = terms("S\xE3o Paulo");
  EXPECT_NE(std::find(got.begin(), got.end(), "paulo"), got.end());
}

TEST(AnalyzerTest, LongInputIsFine) {
  std::string text;
  for (int i = 0; i < 5000; ++i) text += "word" + std::to_string(i % 50) + " ";
  EXPECT_EQ(tokenize(text).size(), 5000u);
}

}  // namespace
}  // namespace dateline::analysis
