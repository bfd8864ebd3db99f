/* Shared by the peer query loops (C and C++): the query file format of
 * bench/queries/ files, nearest-rank percentiles and the JSON summary, so
 * every engine is timed and reported the same way as `dateline-query batch`.
 *
 * Query file: one query per line, '#' starts a comment line. A line is
 *   DATELINE_QUERY [TAB PEER_QUERY [TAB DATE_RANGE]]
 * PEER_QUERY (empty: same as DATELINE_QUERY) is the text the peers parse;
 * DATE_RANGE is dateline's date syntax (1987, 1987-03, 1987-03-02, A..B,
 * A.., ..B), applied by the peers as a filter on their date value. */
#ifndef BENCH_QFILE_H
#define BENCH_QFILE_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

typedef struct {
  char* text; /* the peer query */
  int has_range;
  long long from; /* first second, inclusive; -1 = open */
  long long to;   /* last second, inclusive; -1 = open */
} BenchQuery;

/* Start of a period (YYYY, YYYY-MM, YYYY-MM-DD) in s; its last second in e. */
static int bench_period(const char* p, size_t n, long long* s, long long* e) {
  int y = 0, m = 0, d = 0;
  char buf[16];
  if (n == 0 || n >= sizeof buf) return 0;
  memcpy(buf, p, n);
  buf[n] = 0;
  struct tm a, b;
  memset(&a, 0, sizeof a);
  if (n == 4 && sscanf(buf, "%4d", &y) == 1) {
    a.tm_year = y - 1900;
    a.tm_mday = 1;
    b = a;
    b.tm_year += 1;
  } else if (n == 7 && sscanf(buf, "%4d-%2d", &y, &m) == 2) {
    a.tm_year = y - 1900;
    a.tm_mon = m - 1;
    a.tm_mday = 1;
    b = a;
    b.tm_mon += 1;
  } else if (n == 10 && sscanf(buf, "%4d-%2d-%2d", &y, &m, &d) == 3) {
    a.tm_year = y - 1900;
    a.tm_mon = m - 1;
    a.tm_mday = d;
    b = a;
    b.tm_mday += 1;
  } else {
    return 0;
  }
  *s = (long long)timegm(&a);
  *e = (long long)timegm(&b) - 1;
  return 1;
}

static int bench_range(const char* r, BenchQuery* q) {
  const char* dots = strstr(r, "..");
  long long s, e;
  q->from = q->to = -1;
  if (!dots) {
    if (!bench_period(r, strlen(r), &s, &e)) return 0;
    q->from = s;
    q->to = e;
    return 1;
  }
  if (dots > r) {
    if (!bench_period(r, (size_t)(dots - r), &s, &e)) return 0;
    q->from = s;
  }
  if (dots[2]) {
    if (!bench_period(dots + 2, strlen(dots + 2), &s, &e)) return 0;
    q->to = e;
  }
  return 1;
}

/* Reads the query file; returns the count, or -1 (message printed). */
static long bench_read_queries(const char* path, BenchQuery** out) {
  FILE* f = fopen(path, "r");
  if (!f) {
    perror(path);
    return -1;
  }
  char line[8192];
  long n = 0, cap = 256;
  BenchQuery* qs = (BenchQuery*)malloc(sizeof(BenchQuery) * (size_t)cap);
  while (fgets(line, sizeof line, f)) {
    size_t len = strlen(line);
    while (len && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = 0;
    if (len == 0 || line[0] == '#') continue;
    char *dl = line, *peer = NULL, *range = NULL;
    char* t1 = strchr(line, '\t');
    if (t1) {
      *t1 = 0;
      peer = t1 + 1;
      char* t2 = strchr(peer, '\t');
      if (t2) {
        *t2 = 0;
        range = t2 + 1;
      }
    }
    if (!peer || !*peer) peer = dl;
    if (n == cap) {
      cap *= 2;
      qs = (BenchQuery*)realloc(qs, sizeof(BenchQuery) * (size_t)cap);
    }
    BenchQuery* q = &qs[n];
    q->text = strdup(peer);
    q->has_range = range && *range;
    q->from = q->to = -1;
    if (q->has_range && !bench_range(range, q)) {
      fprintf(stderr, "%s: bad date range '%s'\n", path, range);
      fclose(f);
      return -1;
    }
    ++n;
  }
  fclose(f);
  *out = qs;
  return n;
}

static double bench_now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int bench_cmp_double(const void* a, const void* b) {
  double x = *(const double*)a, y = *(const double*)b;
  return x < y ? -1 : x > y;
}

/* Nearest rank, as in query/cmd_batch.cc. */
static double bench_percentile(const double* sorted, long n, double p) {
  if (n <= 0) return 0;
  long rank = (long)ceil(p / 100.0 * (double)n);
  if (rank < 1) rank = 1;
  if (rank > n) rank = n;
  return sorted[rank - 1];
}

/* Prints the JSON summary `dateline-query batch --json` prints. ms holds
 * the latencies of the successful queries (sorted here); with_hits counts
 * the queries that returned at least one hit. */
static void bench_print_summary(const char* engine, long queries, long errors, long with_hits,
                                double total_ms, double* ms, long n) {
  qsort(ms, (size_t)n, sizeof(double), bench_cmp_double);
  double sum = 0;
  for (long i = 0; i < n; ++i) sum += ms[i];
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  printf(
      "{\"engine\":\"%s\",\"queries\":%ld,\"errors\":%ld,\"with_hits\":%ld,\"total_ms\":%.3f,"
      "\"latency_ms\":{\"p50\":%.4f,\"p95\":%.4f,\"p99\":%.4f,\"mean\":%.4f,\"max\":%.4f},"
      "\"peak_rss_kib\":%ld}\n",
      engine, queries, errors, with_hits, total_ms, bench_percentile(ms, n, 50), bench_percentile(ms, n, 95),
      bench_percentile(ms, n, 99), n ? sum / (double)n : 0.0, n ? ms[n - 1] : 0.0, (long)ru.ru_maxrss);
}

#endif
