#include "ingest/html_text.h"

#include <gtest/gtest.h>

#include <string>

namespace dateline::ingest {
namespace {

TEST(HtmlTextTest, BlocksBecomeParagraphs) {
  EXPECT_EQ(html_to_text("<p>Crews &amp; ships\n  return.</p><p>Talks<br>ended.</p><script>x()</script>"),
            "Crews & ships return.\n\nTalks\n\nended.");
  EXPECT_EQ(html_to_text("plain words, no markup"), "plain words, no markup");
}

TEST(HtmlTextTest, MarkupNestedTooDeepIsStrippedNotParsed) {
  // 100,000 levels would cost Gumbo minutes and its recursive clean-up the
  // stack; the text still comes out, without markup.
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "<b>";
  deep += "deep  text";
  for (int i = 0; i < 100000; ++i) deep += "</b>";
  EXPECT_EQ(html_to_text(deep), "deep text");
}

}  // namespace
}  // namespace dateline::ingest
