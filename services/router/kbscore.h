/* The knowledge-base score computed in the router (issue 14): kb_match_tokens_names() of the migrations
 * (deploy/migrations/059_perf13.sql over 134_score28.sql's kb_match_tokens_lexical), the same rows, in C, from a
 * clinic's snapshot read once a knowledge-base version.
 *
 * The SQL stays the reference (kb_explain, the evaluation, the dashboard's "why this answer"); this must give its
 * rows for every token list: bench/router/kbscore_parity.py compares the two over every question of tests/kb_eval
 * and the bench's texts.
 *
 * A snapshot is kb_score_snapshot(doctor)'s JSON (deploy/migrations/140_score_snapshot.sql):
 *   {"names":     [text...],                 kb_name_words(doctor): left out of the question's tokens first
 *    "specialty": [text...],                 kb_doctor_specialty.words ([] without a row)
 *    "narrower":  [[concept, broader, own]...]  kb_narrower's rows of the clinic (own true) and global (own false)
 *    "entries":   [{"id": n, "q": text, "a": text, "phone": bool, "period": bool, "priced": [[tok...]...]}...]
 *                                            the clinic's ENABLED entries: whether the answer gives a phone number
 *                                            (answer ~ '[0-9][0-9 -]{6,}[0-9]'), an amount per month or year (the
 *                                            `period` regex of 134), and the tokens of each sentence of the answer
 *                                            that states an amount (kb_answer_prices' sentences, kb_tokens(d, s,
 * false)) "examples":  [[entry_id, [toks...], [ktoks...]]...]   kb_examples' rows of the enabled entries "df": {token:
 * n, ...}            kb_doctor_token_df of the clinic "weights":   {word: weight, ...}        kb_weights (global)
 *    "concepts":  [word...]}                 kb_concepts (global)
 */
#ifndef WA_ROUTER_KBSCORE_H
#define WA_ROUTER_KBSCORE_H

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdint.h>

typedef struct st_rt_kbscore_t rt_kbscore_t;

/* FNV-1a of len bytes: the snapshots' token tables, and kbsnap.c's table of clinics. */
uint64_t rt_kbscore_hash(const char *s, size_t len);

/* One candidate, as kb_match_tokens_names returns it. `missing` is the question's tokens the entry neither knows nor
 * says, sorted bytewise (the database's C.UTF-8 order), NUL-separated in one allocation of `missing_len` bytes
 * holding `nmissing` strings (NULL when none). */
typedef struct {
    long long id;
    const char *question, *answer; /* the entry's, held by the snapshot ("" when it gave none) */
    double score;
    double coverage; /* NaN where SQL gives NULL */
    double fit;
    int nmissing;
    size_t missing_len;
    char *missing;
} rt_kbscore_row_t;

/* NULL with a reason in err (never the snapshot's text) when the JSON is not a snapshot. */
rt_kbscore_t *rt_kbscore_new(const cJSON *json, char *err, size_t errlen);
void rt_kbscore_free(rt_kbscore_t *s);
/* Bytes the snapshot holds (for the router's cache accounting). */
size_t rt_kbscore_bytes(const rt_kbscore_t *s);

/* kb_match_tokens_names(doctor, toks, names, limit): the tokens (in the analysis' order, repeats kept) without the
 * clinic's name words, scored against its entries; at most `limit` rows in out, best first (score descending, then
 * id ascending). Returns the number of rows, or -1 when out of memory. Rows are released with rt_kbscore_rows_free. */
int rt_kbscore_match(const rt_kbscore_t *s, const char *const *toks, int ntoks, int limit, rt_kbscore_row_t *out);
void rt_kbscore_rows_free(rt_kbscore_row_t *rows, int n);

/* router_understand_tokens' gate before the match: 1 when an enabled entry's example row (toks || ktoks, as stored)
 * shares a token with the question's tokens less the clinic's name words, else 0. */
int rt_kbscore_shares_word(const rt_kbscore_t *s, const char *const *toks, int ntoks);

/* PostgreSQL's text form of a one-dimensional text[] ("{fee,timing}", "{}", elements in double quotes where they hold
 * a space, a comma, a brace, a quote or a backslash, those two escaped with a backslash) as n strings: *out is one
 * malloc'd block (the pointers, then the strings; free(*out)). Returns n, or -1 when s is not such an array or holds
 * a NULL element (*out NULL then). */
int rt_kbscore_text_array(const char *s, char ***out);

#endif
