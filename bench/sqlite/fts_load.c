/* fts_load: builds the SQLite FTS5 index of the benchmark from the TSV of
 * `jsonl2dump --tsv` (id, title, body, epoch, source; \\ \t \n \r escaped).
 *
 *   fts_load DB TSV
 *
 * One ordinary FTS5 table (it stores the text, as the other engines do):
 *   docs(id UNINDEXED, title, body, date UNINDEXED, source UNINDEXED,
 *        tokenize = 'porter unicode61')
 * porter stems English words, like the Xapian and dateline indexes; date
 * is the Unix time (NULL if undated). All rows go in one transaction with
 * one prepared statement; no 'optimize' afterwards (the other indexers do
 * not compact either). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

static void die(sqlite3 *db, const char *what) {
  fprintf(stderr, "fts_load: %s: %s\n", what, db ? sqlite3_errmsg(db) : "error");
  exit(3);
}

/* Unescapes s in place; returns its new length. */
static size_t unescape(char *s) {
  char *w = s;
  for (char *r = s; *r; ++r) {
    if (*r == '\\' && r[1]) {
      ++r;
      *w++ = *r == 'n' ? '\n' : *r == 't' ? '\t' : *r == 'r' ? '\r' : *r;
    } else {
      *w++ = *r;
    }
  }
  *w = 0;
  return (size_t)(w - s);
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: fts_load DB TSV\n");
    return 2;
  }
  FILE *in = fopen(argv[2], "r");
  if (!in) { perror(argv[2]); return 2; }
  remove(argv[1]);
  sqlite3 *db = NULL;
  if (sqlite3_open(argv[1], &db) != SQLITE_OK) die(db, argv[1]);
  if (sqlite3_exec(db,
                   "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body, "
                   "date UNINDEXED, source UNINDEXED, tokenize = 'porter unicode61');"
                   "BEGIN;",
                   NULL, NULL, NULL) != SQLITE_OK) {
    die(db, "create");
  }
  sqlite3_stmt *ins = NULL;
  if (sqlite3_prepare_v2(db, "INSERT INTO docs(id, title, body, date, source) VALUES (?1, ?2, ?3, ?4, ?5)",
                         -1, &ins, NULL) != SQLITE_OK) {
    die(db, "prepare");
  }
  char *line = NULL;
  size_t cap = 0;
  ssize_t len;
  long rows = 0;
  while ((len = getline(&line, &cap, in)) > 0) {
    if (line[len - 1] == '\n') line[--len] = 0;
    char *col[5];
    int n = 0;
    col[n++] = line;
    for (char *p = line; *p && n < 5; ++p) {
      if (*p == '\t') { *p = 0; col[n++] = p + 1; }
    }
    if (n != 5) { fprintf(stderr, "fts_load: line %ld: expected 5 columns\n", rows + 1); return 1; }
    for (int i = 0; i < 5; ++i) {
      if (i == 3) {
        if (*col[3]) sqlite3_bind_int64(ins, 4, strtoll(col[3], NULL, 10));
        else sqlite3_bind_null(ins, 4);
        continue;
      }
      size_t l = unescape(col[i]);
      sqlite3_bind_text(ins, i + 1, col[i], (int)l, SQLITE_STATIC);
    }
    if (sqlite3_step(ins) != SQLITE_DONE) die(db, "insert");
    sqlite3_reset(ins);
    ++rows;
  }
  sqlite3_finalize(ins);
  if (sqlite3_exec(db, "COMMIT;", NULL, NULL, NULL) != SQLITE_OK) die(db, "commit");
  sqlite3_close(db);
  free(line);
  fclose(in);
  fprintf(stderr, "fts_load: %ld rows into %s\n", rows, argv[1]);
  return 0;
}
