#include "entities/part_text.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "entities/gazetteer.h"
#include "shared_gazetteer.h"

namespace dateline::entities {
namespace {

const Gazetteer& gazetteer() { return *test_support::shared_gazetteer(); }

// The index of the first token whose text is word.
std::size_t find(const PartText& p, std::string_view word) {
  for (std::size_t i = 0; i < p.tokens().size(); ++i) {
    if (p.tokens()[i].text == word) return i;
  }
  ADD_FAILURE() << word << " not found";
  return 0;
}

TEST(PartTextTest, ReadsUpToEnd) {
  const std::string text = "Talks in Oman. More talks.\n Reuter\n";
  PartText p(text, text.find("\n Reuter"), false);
  EXPECT_EQ(p.text(), "Talks in Oman. More talks.");
  EXPECT_EQ(p.sentences().size(), 2u);
  EXPECT_EQ(p.tokens().back().text, ".");
}

TEST(PartTextTest, KeysDisplayAndPunctuation) {
  const std::string text = "Officials  met in\nNew   York (NY) on Monday.";
  PartText p(text, text.size(), false);
  const std::size_t b = find(p, "New");
  EXPECT_EQ(p.key(b), "new");
  EXPECT_EQ(p.span_key(b, b + 2), "new york");
  EXPECT_EQ(p.display(b - 1, b + 2), "in New York");  // white space runs made one space
  EXPECT_TRUE(p.punct_at(b + 2, p.tokens().size(), "("));
  EXPECT_FALSE(p.punct_at(b + 2, b + 2, "("));  // at end: not there
  EXPECT_FALSE(p.punct_at(b + 1, p.tokens().size(), "("));
  // "Moody's": no space between the tokens in the text, none in the key.
  const std::string joined = "Moody's said so.";
  PartText q(joined, joined.size(), false);
  ASSERT_EQ(q.tokens()[1].text, "'s");
  EXPECT_EQ(q.span_key(0, 2), q.key(0) + q.key(1));
}

TEST(PartTextTest, CoverAndLongForms) {
  const std::string text = "East African Community (EAC) leaders met.";
  PartText p(text, text.size(), false);
  EXPECT_FALSE(p.covered(1));
  p.cover(1, 3);
  EXPECT_FALSE(p.covered(0));
  EXPECT_TRUE(p.covered(1));
  EXPECT_TRUE(p.covered(2));
  EXPECT_FALSE(p.covered(3));
  EXPECT_FALSE(p.is_long_form(0));
  p.add_long_form(0);
  EXPECT_TRUE(p.is_long_form(0));
  EXPECT_FALSE(p.is_long_form(1));
}

TEST(PartTextTest, LongestMatchTakesTheLongestAcceptedName) {
  const std::string text = "Officials in New Jersey and Jersey met.";
  PartText p(text, text.size(), false);
  auto any = [](const NameInfo* n, bool) { return !n->places.empty(); };
  const std::size_t n = p.tokens().size();
  std::size_t end = 0;
  const std::size_t nj = find(p, "New");
  ASSERT_NE(p.longest_match(gazetteer(), nj, n, any, end), nullptr);
  EXPECT_EQ(end, nj + 2);  // "New Jersey", not "New"
  // Stopping before the end of the sentence or at a covered token: "New" alone.
  end = 0;
  (void)p.longest_match(gazetteer(), nj, nj + 1, any, end);
  EXPECT_LE(end, nj + 1);
  p.cover(nj + 1, nj + 2);
  end = 0;
  (void)p.longest_match(gazetteer(), nj, n, any, end);
  EXPECT_LE(end, nj + 1);
  // Nothing accepted: nullptr, match_end untouched.
  std::size_t untouched = 42;
  auto none = [](const NameInfo*, bool) { return false; };
  EXPECT_EQ(p.longest_match(gazetteer(), find(p, "Jersey"), n, none, untouched), nullptr);
  EXPECT_EQ(untouched, 42u);
}

}  // namespace
}  // namespace dateline::entities
