/* fts_loop: runs a query file over the FTS5 index of fts_load in one
 * process and prints the latency summary `dateline-query batch --json`
 * prints.
 *
 *   fts_loop DB QUERY_FILE [--limit N]
 *
 * Each query: SELECT id, title FROM docs WHERE docs MATCH ?
 *   [AND date BETWEEN ? AND ?] ORDER BY bm25(docs, 0, 3, 1, 0, 0) LIMIT N
 * (title weighted 3 against body 1, like the Xapian script), all rows
 * stepped. The query text goes to FTS5's own query syntax (AND, OR, NOT,
 * "phrases", column:). The column format is described in
 * bench/tools/qfile.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "qfile.h"

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: fts_loop DB QUERY_FILE [--limit N]\n");
    return 2;
  }
  int limit = 10;
  for (int i = 3; i + 1 < argc; ++i) {
    if (strcmp(argv[i], "--limit") == 0) limit = atoi(argv[i + 1]);
  }
  BenchQuery *qs = NULL;
  long n = bench_read_queries(argv[2], &qs);
  if (n < 0) return 2;
  sqlite3 *db = NULL;
  if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
    fprintf(stderr, "fts_loop: %s: %s\n", argv[1], sqlite3_errmsg(db));
    return 3;
  }
  const char *plain =
      "SELECT id, title FROM docs WHERE docs MATCH ?1 "
      "ORDER BY bm25(docs, 0.0, 3.0, 1.0, 0.0, 0.0) LIMIT ?4";
  const char *dated =
      "SELECT id, title FROM docs WHERE docs MATCH ?1 AND date BETWEEN ?2 AND ?3 "
      "ORDER BY bm25(docs, 0.0, 3.0, 1.0, 0.0, 0.0) LIMIT ?4";
  sqlite3_stmt *st[2];
  if (sqlite3_prepare_v2(db, plain, -1, &st[0], NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(db, dated, -1, &st[1], NULL) != SQLITE_OK) {
    fprintf(stderr, "fts_loop: prepare: %s\n", sqlite3_errmsg(db));
    return 3;
  }
  double *ms = (double *)malloc(sizeof(double) * (size_t)(n ? n : 1));
  long ok = 0, errors = 0, with_hits = 0;
  size_t sink = 0;
  double all0 = bench_now_ms();
  for (long i = 0; i < n; ++i) {
    double t0 = bench_now_ms();
    sqlite3_stmt *s = st[qs[i].has_range ? 1 : 0];
    sqlite3_bind_text(s, 1, qs[i].text, -1, SQLITE_STATIC);
    if (qs[i].has_range) {
      sqlite3_bind_int64(s, 2, qs[i].from >= 0 ? qs[i].from : -9223372036854775807LL);
      sqlite3_bind_int64(s, 3, qs[i].to >= 0 ? qs[i].to : 9223372036854775807LL);
    }
    sqlite3_bind_int(s, 4, limit);
    int rc, rows = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
      ++rows;
      sink += (size_t)sqlite3_column_bytes(s, 0) + (size_t)sqlite3_column_bytes(s, 1);
    }
    if (rc != SQLITE_DONE) {
      fprintf(stderr, "fts_loop: %s: %s\n", qs[i].text, sqlite3_errmsg(db));
      ++errors;
    } else {
      ms[ok++] = bench_now_ms() - t0;
      if (rows > 0) ++with_hits;
    }
    sqlite3_reset(s);
  }
  double total = bench_now_ms() - all0;
  bench_print_summary("sqlite-fts5", n, errors, with_hits, total, ms, ok);
  sqlite3_finalize(st[0]);
  sqlite3_finalize(st[1]);
  sqlite3_close(db);
  return sink == (size_t)-1 ? 3 : (errors ? 1 : 0);
}
