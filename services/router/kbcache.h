/*
 * The router's answer cache (issue 14): the knowledge-base lookup's whole output (wa_kb_result_t, whatever it holds)
 * per (doctor, normalised question text), kept in the router process as a least-recently-used table capped in bytes
 * (ROUTER_KB_CACHE_KB). Patients of one clinic ask the same few dozen questions, and each lookup costs milliseconds
 * of PostgreSQL (kb_match), a hit a hash probe. Each entry carries the doctor's knowledge-base version
 * (kb_versions, 026_perf.sql: bumped by triggers on every change of the entries, synonyms, intents, stop words and
 * weights) as it was read BEFORE the lookup that computed it; route.c reads the current version in the record
 * statement of every batch, and an entry whose version differs is dropped, never answered from. So a change made on
 * the dashboard or with wactl reaches every replica at its next batch, without messages between them. Single
 * threaded (the router's consumer loop); no I/O, unit-tested directly (tests/unit/test_router_kbcache.c). Since
 * round 26 a new text's result is held under its tokens' key (rt_kbcache_tokens_key), and the text's key is an alias
 * of it (rt_kbcache_put_alias): every wording of a question shares one copy.
 */
#ifndef rt__kbcache_h
#define rt__kbcache_h

#include <stddef.h>

#include "wa/kb.h"

#define RT_KBCACHE_MAX_TEXT 500 /* longer texts are not cached (kb_match reads the first 1000 characters) */
#define RT_KBCACHE_KEY_MAX (40 + RT_KBCACHE_MAX_TEXT + 2)

typedef struct st_rt_kbcache_t rt_kbcache_t;

/* A cache holding at most max_bytes of keys, results and bookkeeping; 0 makes one that never stores (every get a
 * miss). Owned by the caller: rt_kbcache_destroy. */
rt_kbcache_t *rt_kbcache_create(size_t max_bytes);
/* Frees every entry. NULL is a no-op. */
void rt_kbcache_destroy(rt_kbcache_t *c);

/* Pure: the cache key of (doctor_id, text) into out: the doctor id, a newline and the text's words as kb_match sees
 * them: ASCII letters lowercased and every run of other ASCII characters (spaces, punctuation) one space, trimmed;
 * bytes of other scripts kept as they are (two texts share a key only when they differ in ASCII case and ASCII
 * punctuation/spacing, which kb_match ignores). Returns 0, or -1 when the text is not cacheable (NULL, longer than
 * RT_KBCACHE_MAX_TEXT bytes, or the key would not fit outsz). */
int rt_kbcache_key(const char *doctor_id, const char *text, char *out, size_t outsz);

/* Pure: the cache key of a text's analysis at doctor_id (issue 14, round 26): the doctor id, a newline and `toks`,
 * the tokens as PostgreSQL prints a text[] ("{fee,timing}", "{}"), which never shares a key with a text
 * (rt_kbcache_key writes no '{'). Returns 0, or -1 when toks is not such a list or the key would not fit outsz. */
int rt_kbcache_tokens_key(const char *doctor_id, const char *toks, char *out, size_t outsz);

/* Looks key up for the doctor's current knowledge-base `version`: on a hit (same version) fills out (uninitialised;
 * the caller disposes it with wa_kb_result_dispose) with a copy and returns 1; returns 0 on a miss. An entry of
 * another version is removed. */
int rt_kbcache_get(rt_kbcache_t *c, const char *key, long long version, wa_kb_result_t *out);

/* Stores a copy of r under key for `version` (the version read BEFORE the lookup that produced r), replacing an
 * older entry, evicting the least recently used ones to stay within the cap. A result larger than an eighth of
 * the cap is not stored. */
void rt_kbcache_put(rt_kbcache_t *c, const char *key, long long version, const wa_kb_result_t *r);

/* The same for a short text (the intent label kb_intent_choose gives the text, "" for none: flow.c), kept apart
 * from the lookup results of the same key. get copies it into out (truncated to outsz) and returns 1 on a hit. */
int rt_kbcache_get_label(rt_kbcache_t *c, const char *key, long long version, char *out, size_t outsz);
void rt_kbcache_put_label(rt_kbcache_t *c, const char *key, long long version, const char *label);

/* Stores under key, for `version`, a pointer to the entries of `target` instead of a copy (issue 14, round 26: a new
 * text's key names its tokens' key, whose result and label it shares): rt_kbcache_get and rt_kbcache_get_label on key
 * then answer what target holds for the same version, and miss when target holds nothing for it (evicted, or of
 * another version). A put of a result or label under key replaces or stands beside it as for any entry. */
void rt_kbcache_put_alias(rt_kbcache_t *c, const char *key, long long version, const char *target);

/* Entries and bytes held now (for tests and the metrics). */
size_t rt_kbcache_entries(const rt_kbcache_t *c);
size_t rt_kbcache_bytes(const rt_kbcache_t *c);

#endif
