#include "net/request_head.h"

#include <string>

#include <gtest/gtest.h>

namespace dateline::net {
namespace {

TEST(RequestHeadTest, ParsesRequestLineAndHeaders) {
  RequestHead head;
  std::string in = "GET /search?q=oil HTTP/1.1\r\nHost: x\r\nConnection:  Keep-Alive \r\nX-A: 1\r\n\r\nNEXT";
  HeadResult r = parse_head(in, HeadLimits{}, head);
  ASSERT_EQ(r.status, HeadStatus::kComplete) << r.message;
  EXPECT_EQ(head.method, "GET");
  EXPECT_EQ(head.target, "/search?q=oil");
  EXPECT_EQ(head.minor_version, 1);
  ASSERT_NE(head.find("connection"), nullptr);
  EXPECT_EQ(*head.find("connection"), "Keep-Alive");
  EXPECT_EQ(head.count("x-a"), 1u);
  EXPECT_EQ(in.substr(head.bytes), "NEXT");
}

TEST(RequestHeadTest, BareLineFeedsAndLeadingEmptyLines) {
  RequestHead head;
  std::string in = "\r\n\nHEAD / HTTP/1.0\nHost: x\n\n";
  HeadResult r = parse_head(in, HeadLimits{}, head);
  ASSERT_EQ(r.status, HeadStatus::kComplete) << r.message;
  EXPECT_EQ(head.method, "HEAD");
  EXPECT_EQ(head.minor_version, 0);
  EXPECT_EQ(head.bytes, in.size());
}

TEST(RequestHeadTest, IncompleteUntilTheBlankLine) {
  const std::string full = "GET /a HTTP/1.1\r\nHost: x\r\n\r\n";
  for (std::size_t n = 0; n < full.size(); ++n) {
    RequestHead head;
    EXPECT_EQ(parse_head(full.substr(0, n), HeadLimits{}, head).status, HeadStatus::kIncomplete) << n;
  }
}

TEST(RequestHeadTest, Refusals) {
  HeadLimits limits;
  limits.max_request_line_bytes = 64;
  limits.max_header_bytes = 256;
  limits.max_header_count = 3;
  struct Case {
    std::string in;
    int status;
  };
  const Case cases[] = {
      {"GARBAGE\r\n\r\n", 400},
      {"GET  / HTTP/1.1\r\n\r\n", 400},
      {"GET / HTTP/1.1 x\r\n\r\n", 400},
      {"G(T / HTTP/1.1\r\n\r\n", 400},
      {"GET /a\x01 HTTP/1.1\r\n\r\n", 400},
      {"GET / HTTQ/1.1\r\n\r\n", 400},
      {"GET / HTTP/1.x\r\n\r\n", 400},
      {"GET / HTTP/2.0\r\n\r\n", 505},
      {"GET / HTTP/1.1\r\nHost : x\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nNoColon\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nA: b\r\n folded\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nA: b\x01\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nA: b\r\rB: c\r\n\r\n", 400},
      // Too long: the request line is judged before its end arrives.
      {"GET /" + std::string(100, 'a'), 414},
      {"GET /" + std::string(100, 'a') + " HTTP/1.1\r\n\r\n", 414},
      {"GET / HTTP/1.1\r\nA: " + std::string(300, 'a'), 431},
      {"GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n", 431},
      {std::string(300, '\n'), 431},
  };
  for (const Case& c : cases) {
    RequestHead head;
    HeadResult r = parse_head(c.in, limits, head);
    EXPECT_EQ(r.status, HeadStatus::kError) << c.in;
    EXPECT_EQ(r.error_status, c.status) << c.in;
    EXPECT_FALSE(r.message.empty()) << c.in;
  }
}

}  // namespace
}  // namespace dateline::net
