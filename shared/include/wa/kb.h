/*
 * The knowledge-base lookup (libwa: the router answers with it, the dashboard's "try a question" shows it): the best answer among THIS doctor's enabled kb_entries for a patient's text,
 * scored in PostgreSQL by kb_match() (deploy/migrations/008_understanding.sql: the text's concept tokens -- typos
 * corrected to the clinic's words, synonyms and abbreviations of kb_synonyms -- against each entry's examples and
 * keywords), plus the closest entries below the threshold as context for the ai stage; and what a text asks the
 * conversations for (wa_kb_intent: kb_intent_choose(), the same machinery over kb_intents' example sentences).
 * route.c looks up a whole batch's texts in one round trip (wa_kb_lookup_batch); the pure helpers (choosing, the
 * uncertain middle band a model may rerank, the context and candidates JSON) are unit-tested without a database.
 */
#ifndef wa__kb_h
#define wa__kb_h

#include <stddef.h>

#include "wa/pg.h"

#define WA_KB_CHUNK 32          /* texts per statement (wa_kb_lookup_batch, wa_kb_understand_batch) */
#define WA_KB_CANDIDATES 4       /* rows fetched per lookup: the best plus up to 3 for the ai context */
#define WA_KB_THRESHOLD 0.65     /* default confidence needed to answer from the knowledge base */
#define WA_KB_MARGIN 0.04        /* the best must beat the runner-up by this much, else it is ambiguous */
#define WA_KB_CONTEXT_FLOOR 0.15 /* entries scoring less are not worth showing to the ai */
#define WA_KB_RERANK_LOW 0.40    /* default lower edge of the uncertain middle band (ROUTER_KB_RERANK_LOW) */
#define WA_KB_RERANK_MAX 3       /* candidates handed to the model's rerank at most */

typedef struct st_wa_kb_hit_t {
    char id[24];    /* kb_entries.id */
    char *question; /* owned */
    char *answer;   /* owned */
    double score;   /* 0..1 */
} wa_kb_hit_t;

typedef struct st_wa_kb_result_t {
    wa_kb_hit_t hits[WA_KB_CANDIDATES]; /* best first */
    size_t nhits;
    int best;                           /* index of the answer to send, or -1 when none is confident enough */
    int band; /* 1: the best hit is in the uncertain middle band (wa_kb_band): a model may rerank the candidates */
} wa_kb_result_t;

/* Scores the enabled entries of doctor_ids[i] against texts[i], for n texts in ONE round trip, and fills out[i]
 * (provided by the caller; always dispose each) with up to WA_KB_CANDIDATES hits, best first, and the choice of
 * wa_kb_choose(threshold, margin). Returns 0, or -1 on a database error. */
int wa_kb_lookup_batch(wa_pg_t *pg, size_t n, const char *const *doctor_ids, const char *const *texts, double threshold,
                       double margin, wa_kb_result_t *out);

/* Pure: picks out->best from out->hits (sorted best first): hit 0 when its score reaches `threshold` and beats hit 1
 * by at least `margin` (two entries matching about equally well means the text is ambiguous: a wrong answer is worse
 * than the ai's). */
void wa_kb_choose(wa_kb_result_t *r, double threshold, double margin);

/* Pure: the ai stage's kb_context, a JSON array [{"q":..,"a":..,"score":..}] of the hits other than the chosen one
 * scoring at least WA_KB_CONTEXT_FLOOR, at most 3, best first. Never NULL ("[]" when none); caller frees. */
char *wa_kb_context_json(const wa_kb_result_t *r);

/* Pure: marks the uncertain middle band (issue 19) after wa_kb_choose: r->band = 1 when hit 0 scores at least `low`
 * and either no answer was chosen (below `threshold`, or within `margin` of the runner-up) or the chosen one scores
 * less than `high` (high <= threshold: a chosen answer is never in the band). r->best is left as it is: it stays the
 * lexical decision, which the ai stage falls back on when the model is slow, down or answers out of shape. */
void wa_kb_band(wa_kb_result_t *r, double low, double high);

/* Pure: the wa:ai field kb_candidates of a result in the band: a JSON array [{"id":..,"q":..,"score":..}] of up to
 * WA_KB_RERANK_MAX hits scoring at least WA_KB_CONTEXT_FLOOR, best first (no answers: the ai stage reads the chosen
 * entry's answer from PostgreSQL, for that doctor only). Never NULL ("[]" when none); caller frees. */
char *wa_kb_candidates_json(const wa_kb_result_t *r);

/* What `text` asks the clinic conversations for, by kb_intent_choose(doctor_id, text): writes the intent label
 * ("book", "talk_to_staff", "stop" ... see 008_understanding.sql) into out, or "" when the text is none of them.
 * Returns 0, or -1 on a database error. */
int wa_kb_intent(wa_pg_t *pg, const char *doctor_id, const char *text, char *out, size_t outsz);

#define WA_KB_LABEL_MAX 32 /* an intent label's buffer (kb_intents.intent: short words) */

/* A new text analysed once for both questions (issue 14): for n texts in ONE statement per WA_KB_CHUNK, kb_tokens(
 * doctor_ids[i], texts[i], true) -- typo correction included, the costly part -- is computed once and gives both the
 * intent label (kb_intent_choose_tokens, only where intent[i] is non-zero: what wa_kb_intent would return, "" for
 * none or not asked) into labels[i] and the knowledge-base candidates (kb_match_tokens, what wa_kb_lookup_batch
 * returns, with wa_kb_choose(threshold, margin) applied) into out[i] (provided by the caller; always dispose each).
 * Returns 0, or -1 on a database error (out[] disposed then). */
int wa_kb_understand_batch(wa_pg_t *pg, size_t n, const char *const *doctor_ids, const char *const *texts,
                           const int *intent, double threshold, double margin, wa_kb_result_t *out,
                           char (*labels)[WA_KB_LABEL_MAX]);

/* The same in two steps (issue 14, round 26: 139_perf29.sql), so that a caller can skip the second for tokens it has
 * the answer to: wa_kb_analyse_batch puts the tokens of texts[i] at doctor_ids[i] (the analysis of
 * wa_kb_understand_batch, typo correction included) into toks[i], as PostgreSQL prints a text[] ("{fee,timing}",
 * "{}"; malloc'd, the caller frees each), one statement per WA_KB_CHUNK; returns 0, or -1 on a database error (every
 * toks[i] NULL then). wa_kb_understand_tokens_batch is wa_kb_understand_batch on such tokens (toks[i] given back as
 * it came): the same labels and results as for the texts they are the tokens of. */
int wa_kb_analyse_batch(wa_pg_t *pg, size_t n, const char *const *doctor_ids, const char *const *texts, char **toks);
int wa_kb_understand_tokens_batch(wa_pg_t *pg, size_t n, const char *const *doctor_ids, const char *const *toks,
                                  const int *intent, double threshold, double margin, wa_kb_result_t *out,
                                  char (*labels)[WA_KB_LABEL_MAX]);

/* The intent labels of wa_kb_understand_tokens_batch alone (router_understand_labels, 140_score_snapshot.sql): for the
 * router, which scores the candidates itself (services/router/kbscore.h). labels[i] is "" where intent[i] is zero or
 * the tokens ask no intent. One statement per WA_KB_CHUNK; returns 0, or -1 on a database error (every label ""). */
int wa_kb_labels_batch(wa_pg_t *pg, size_t n, const char *const *doctor_ids, const char *const *toks, const int *intent,
                       char (*labels)[WA_KB_LABEL_MAX]);

/* Frees the hits' strings; safe on a zeroed result. */
void wa_kb_result_dispose(wa_kb_result_t *r);

/* Makes dst (uninitialised) an independent copy of src: the router's answer cache keeps and hands out copies of
 * whole lookup results. Whoever adds an owned field to wa_kb_result_t copies it here, frees it in
 * wa_kb_result_dispose and counts it in wa_kb_result_size. Dies on out of memory. */
void wa_kb_result_copy(wa_kb_result_t *dst, const wa_kb_result_t *src);

/* The bytes a copy of r holds (the struct and its strings), for the cache's memory cap. */
size_t wa_kb_result_size(const wa_kb_result_t *r);

#endif
