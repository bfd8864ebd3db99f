// xapian_search_loop: runs a query file over a scriptindex database (made
// with bench/xapian/reuters.script) in one process and prints the latency
// summary `dateline-query batch --json` prints.
//
//   xapian_search_loop DB QUERY_FILE [--limit N]
//
// Each query: QueryParser (stemmer english, STEM_SOME, default op AND,
// boolean/phrase/love-hate/wildcard flags, title: -> S, source: ->
// XSOURCE:), an optional date filter on value slot 0, BM25 top-N
// (get_mset(0, N)), and each hit's document data read, as a results page
// would. The column format is described in bench/tools/qfile.h.

#include <cstdint>
#include <iostream>
#include <string>
#include <vector>

#include <xapian.h>

#include "qfile.h"

namespace {

// scriptindex valuepacked: 4-byte big-endian.
std::string packed(long long t) {
  auto v = static_cast<std::uint32_t>(t);
  std::string s(4, '\0');
  for (int i = 3; i >= 0; --i) {
    s[i] = static_cast<char>(v & 0xff);
    v >>= 8;
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) try {
  if (argc < 3) {
    std::cerr << "usage: xapian_search_loop DB QUERY_FILE [--limit N]\n";
    return 2;
  }
  Xapian::doccount limit = 10;
  for (int i = 3; i + 1 < argc; ++i) {
    if (std::string(argv[i]) == "--limit") limit = static_cast<Xapian::doccount>(std::stoul(argv[i + 1]));
  }
  BenchQuery* qs = nullptr;
  long n = bench_read_queries(argv[2], &qs);
  if (n < 0) return 2;

  Xapian::Database db(argv[1]);
  Xapian::Enquire enquire(db);
  Xapian::QueryParser qp;
  qp.set_database(db);
  qp.set_stemmer(Xapian::Stem("english"));
  qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  qp.set_default_op(Xapian::Query::OP_AND);
  qp.add_prefix("title", "S");
  qp.add_boolean_prefix("source", "XSOURCE:");
  const unsigned flags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD;

  std::vector<double> ms;
  long errors = 0, with_hits = 0;
  std::size_t sink = 0;
  double all0 = bench_now_ms();
  for (long i = 0; i < n; ++i) {
    double t0 = bench_now_ms();
    try {
      Xapian::Query q = qp.parse_query(qs[i].text, flags);
      if (qs[i].has_range) {
        Xapian::Query r;
        if (qs[i].from >= 0 && qs[i].to >= 0) {
          r = Xapian::Query(Xapian::Query::OP_VALUE_RANGE, 0, packed(qs[i].from), packed(qs[i].to));
        } else if (qs[i].from >= 0) {
          r = Xapian::Query(Xapian::Query::OP_VALUE_GE, 0, packed(qs[i].from));
        } else {
          r = Xapian::Query(Xapian::Query::OP_VALUE_LE, 0, packed(qs[i].to));
        }
        q = Xapian::Query(Xapian::Query::OP_FILTER, q, r);
      }
      enquire.set_query(q);
      Xapian::MSet mset = enquire.get_mset(0, limit);
      if (!mset.empty()) ++with_hits;
      for (auto it = mset.begin(); it != mset.end(); ++it) sink += it.get_document().get_data().size();
      ms.push_back(bench_now_ms() - t0);
    } catch (const Xapian::QueryParserError& e) {
      std::cerr << "xapian_search_loop: " << qs[i].text << ": " << e.get_description() << "\n";
      ++errors;
    }
  }
  double total = bench_now_ms() - all0;
  bench_print_summary("xapian", n, errors, with_hits, total, ms.data(), static_cast<long>(ms.size()));
  return sink == static_cast<std::size_t>(-1) ? 3 : (errors ? 1 : 0);
} catch (const Xapian::Error& e) {
  std::cerr << "xapian_search_loop: " << e.get_description() << "\n";
  return 3;
}
