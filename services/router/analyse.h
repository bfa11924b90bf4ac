/*
 * A new text's analysis in the router (issue 14, round 32): router_analyse_batch's tokens
 * (kb_analyse_parts(d, q, true).o_tokens, deploy/migrations/120_perf30.sql) computed here from the lexicon rows the
 * text's words need, fetched for a whole batch in one statement (router_analyse_facts, 141_analyse_facts.sql),
 * instead of PL/pgSQL run once per text. What the port does not cover answers "not here" and the caller sends
 * that text down router_analyse_batch as before: a word the typo correction would look at (an unknown word of four
 * letters or more, or an unknown Devanagari word), a character whose lower case the port does not fold, two
 * multi-word terms of one length (the database's collation orders them), a word too long for the fold buffers.
 */
#ifndef rt__analyse_h
#define rt__analyse_h

#include <stddef.h>

#include "wa/pg.h"

/* The characters of a text the analysis reads (kb_analyse_parts' left(p_text, 1000)). */
#define RT_ANALYSE_MAX_CHARS 1000

/* kb_raw_words(left(text, 1000)): lower case, the nukta letters and joiners folded, every other run of characters
 * but a-z, 0-9 and the Devanagari block's letters and digits a separator. *words (malloc'd, each word malloc'd; free
 * with rt_analyse_words_free) and *n. Returns 0, or 1 when the text holds a character whose lower case lands in the
 * kept set by a rule the port does not apply (the caller leaves the text to SQL); out of memory is fatal. */
int rt_analyse_raw_words(const char *text, size_t max_chars, char ***words, size_t *n);
void rt_analyse_words_free(char **words, size_t n);

/* kb_fold(w) into out (outsz at least strlen(w) + 1): -ies -> -y after four letters, a final -s dropped after two
 * letters and a letter other than s or u; else w itself. */
void rt_analyse_fold(const char *w, char *out, size_t outsz);

/* The tokens of texts[i] at doctor_ids[i] (uuid text), as router_analyse_batch returns them (a text[] literal,
 * malloc'd) in toks[i], or NULL when that text is left to router_analyse_batch. One statement for the batch.
 * Returns the number of texts analysed here, or -1 when the statement failed (every toks[i] NULL). */
int rt_analyse_batch(wa_pg_t *pg, size_t n, const char *const *doctor_ids, const char *const *texts, char **toks);

#endif
