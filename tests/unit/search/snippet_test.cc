#include "search/snippet.h"

#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "util/strings.h"

namespace dateline::search {
namespace {

std::vector<std::string> matched(const std::vector<SnippetPart>& parts) {
  std::vector<std::string> out;
  for (const SnippetPart& p : parts) {
    if (p.match) out.push_back(p.text);
  }
  return out;
}

std::string joined(const std::vector<SnippetPart>& parts) {
  std::string out;
  for (const SnippetPart& p : parts) out += p.text;
  return out;
}

std::string fillers(int from, int n) {
  std::string out;
  for (int i = from; i < from + n; ++i) out += "w" + std::to_string(i) + " ";
  return out;
}

TEST(SnippetTest, WholeShortTextWithMatchesMarked) {
  Highlighter h{{"iran", "talks"}, {}};
  auto parts = make_snippet("Iran and US hold talks in Oman.", h);
  EXPECT_EQ(joined(parts), "Iran and US hold talks in Oman.");
  EXPECT_EQ(matched(parts), (std::vector<std::string>{"Iran", "talks"}));
}

TEST(SnippetTest, PicksWindowWithMostDistinctWords) {
  // "iran" three times early, "iran" and "talks" together late.
  std::string text = "iran iran iran " + fillers(0, 30) + "iran talks " + fillers(100, 30);
  Highlighter h{{"iran", "talks"}, {}};
  auto parts = make_snippet(text, h, 8);
  std::vector<std::string> m = matched(parts);
  EXPECT_NE(std::find(m.begin(), m.end(), "talks"), m.end()) << joined(parts);
  EXPECT_EQ(parts.front().text, "… ") << joined(parts);
  EXPECT_EQ(parts.back().text, " …") << joined(parts);
}

TEST(SnippetTest, ShiftForContextKeepsTheMatchesOfTheWindow) {
  // The only 32-word window holding both words starts exactly at "alpha"
  // and ends at "beta"; adding context before alpha must not drop beta.
  std::string text = fillers(0, 40) + "alpha " + fillers(100, 30) + "beta " + fillers(200, 40);
  Highlighter h{{"alpha", "beta"}, {}};
  auto parts = make_snippet(text, h, 32);
  EXPECT_EQ(matched(parts), (std::vector<std::string>{"alpha", "beta"})) << joined(parts);
}

TEST(SnippetTest, StartsAtTextStartWhenNothingMatches) {
  std::string text = fillers(0, 100);
  auto parts = make_snippet(text, Highlighter{{"absent"}, {}}, 10);
  EXPECT_TRUE(matched(parts).empty());
  ASSERT_FALSE(parts.empty());
  EXPECT_EQ(parts.front().text.rfind("w0 w1", 0), 0u) << joined(parts);
  EXPECT_EQ(parts.back().text, " …");
}

TEST(SnippetTest, HighlightsStemMatches) {
  Highlighter h{{"talk"}, {"talk"}};
  auto parts = make_snippet("Officials held talks on talking and one talk.", h);
  EXPECT_EQ(matched(parts), (std::vector<std::string>{"talks", "talking", "talk"}));
}

TEST(SnippetTest, HighlightsFoldedWords) {
  Highlighter h{{"sao", "paulo"}, {}};
  auto parts = make_snippet("Rain in São Paulo's centre.", h);
  EXPECT_EQ(matched(parts), (std::vector<std::string>{"São", "Paulo"}));
}

TEST(SnippetTest, LineBreaksBecomeSpaces) {
  auto parts = make_snippet("one\ntwo\r\nthree\tfour\n\nfive", Highlighter{{"two"}, {}});
  std::string j = joined(parts);
  EXPECT_EQ(j.find_first_of("\r\n\t"), std::string::npos) << j;
  EXPECT_EQ(j, "one two three four five");
}

TEST(SnippetTest, EmptyAndPunctuationOnlyText) {
  EXPECT_TRUE(make_snippet("", Highlighter{}).empty());
  auto parts = make_snippet("!!! ???", Highlighter{});
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].text, "!!! ???");
}

TEST(SnippetTest, PunctuationOnlyTextIsNotCutInsideACharacter) {
  std::string dashes;
  for (int i = 0; i < 100; ++i) dashes += "—";  // 3 bytes each
  auto parts = make_snippet(dashes, Highlighter{});
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_TRUE(util::valid_utf8(parts[0].text)) << parts[0].text.size() << " bytes";
}

TEST(SnippetTest, Html) {
  struct Case {
    std::vector<SnippetPart> parts;
    const char* want;
  } cases[] = {
      {{}, ""},
      {{{"a < b & c > d", false}}, "a &lt; b &amp; c &gt; d"},
      {{{"say ", false}, {"<Iran>", true}, {" \"ok\" 'x'", false}},
       "say <mark>&lt;Iran&gt;</mark> &quot;ok&quot; &#39;x&#39;"},
      {{{"… ", false}, {"talks", true}, {" …", false}}, "… <mark>talks</mark> …"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(snippet_html(c.parts), c.want) << c.want;
  }
  EXPECT_EQ(html_escape("&amp;"), "&amp;amp;");
}

TEST(SnippetTest, Terminal) {
  std::vector<SnippetPart> parts = {{"held ", false}, {"talks", true}, {" <b>", false}};
  EXPECT_EQ(snippet_terminal(parts, true), "held \x1b[1mtalks\x1b[0m <b>");
  EXPECT_EQ(snippet_terminal(parts, false), "held talks <b>");
}

// Issue 13: an article's text must not send the terminal commands; only the
// bold around matches is ours.
TEST(SnippetTest, TerminalReplacesControlCharacters) {
  std::vector<SnippetPart> parts = {{"a\x1b]0;pwned\x07", false}, {"ta\x1b[2Jlks", true}};
  EXPECT_EQ(snippet_terminal(parts, false), "a\uFFFD]0;pwned\uFFFDta\uFFFD[2Jlks");
  EXPECT_EQ(snippet_terminal(parts, true), "a\uFFFD]0;pwned\uFFFD\x1b[1mta\uFFFD[2Jlks\x1b[0m");
}

// Issue 13: a search hitting one 50 MB article read all of it for the
// snippet (3.4 s, 1.46 GB). Only the first kSnippetScanBytes are read.
TEST(SnippetTest, OnlyTheStartOfALongTextIsRead) {
  std::string text = "wheat " + fillers(0, 50);
  while (text.size() < 3 * kSnippetScanBytes) text += "filler text é ";
  std::string far_match = text + "egypt";
  Highlighter h{{"egypt"}, {}};
  auto parts = make_snippet(far_match, h);
  EXPECT_TRUE(matched(parts).empty()) << "a match beyond the window is not looked for";
  EXPECT_EQ(parts.front().text.rfind("wheat w0", 0), 0u) << joined(parts);
  EXPECT_EQ(parts.back().text, " …");

  // A match within the window is found; the text is cut at a character,
  // never inside one, and a word cut at the window's end is left out.
  Highlighter near{{"wheat"}, {}};
  EXPECT_EQ(matched(make_snippet(far_match, near)), std::vector<std::string>{"wheat"});
  std::string tail;
  for (std::size_t i = 0; i < kSnippetScanBytes; ++i) tail += "—";  // 3 bytes each
  auto dashes = make_snippet(tail, Highlighter{});
  ASSERT_EQ(dashes.size(), 1u);
  EXPECT_TRUE(util::valid_utf8(dashes[0].text));
  std::string words;
  while (words.size() < kSnippetScanBytes - 3) words += "ab ";
  words += "abcdefgh";  // crosses the window's end
  auto cut = make_snippet(words, Highlighter{{"abcd", "abcdefgh"}, {}}, 100000);
  EXPECT_TRUE(matched(cut).empty()) << "the cut word is neither shown nor matched";
  EXPECT_EQ(cut.back().text, " …");
}

}  // namespace
}  // namespace dateline::search
