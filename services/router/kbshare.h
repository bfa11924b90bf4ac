/*
 * The router replicas' shared answer cache (issue 14, round 10): a second level behind each replica's own answer
 * cache (kbcache.h), in Redis, so that a (doctor, text) pair one replica analysed is not analysed again by another.
 * A value is the whole analysis of a text as wa_kb_understand_batch gave it (the knowledge base's candidates and,
 * when it was asked, the intent label), under a key made of the doctor's id, the doctor's knowledge-base version
 * read by the record statement before the analysis, and a 128-bit BLAKE2b digest of the answer cache's key
 * (rt_kbcache_key: the normalised text) with the router's accept threshold and margin: never the text itself, a
 * patient's identity or a secret. A new knowledge-base version is a new key, so a change is never answered from an
 * older analysis (exactly as kbcache.h's entries); the old keys expire after their TTL (ROUTER_KB_SHARED_TTL seconds; 0
 * turns the shared level off) and a value larger than ROUTER_KB_SHARED_MAX bytes is not stored. Values hold the
 * clinic's own knowledge-base entries (question, answer, score), nothing of the patient.
 *
 * Redis is best effort here: a failed read is a miss and a failed write is forgotten (the batch then analyses in
 * PostgreSQL as it did before); the caller reports a lost connection to its consumer. The encode/decode and the key
 * are pure and unit-tested (tests/unit/test_router_kbshare.c).
 */
#ifndef rt__kbshare_h
#define rt__kbshare_h

#include <stddef.h>

#include <hiredis/hiredis.h>

#include "wa/config.h"
#include "wa/kb.h"

#define RT_KBSHARE_KEY_MAX 200

/* Pure: the Redis key of an analysis into out: cfg's key prefix, "kbc:", the doctor id, the version and 32 hex
 * digits of BLAKE2b-128(threshold, margin, cache_key). Returns 0, or -1 when it does not fit outsz (or an argument is
 * NULL). */
int rt_kbshare_key(const wa_config_t *cfg, const char *doctor_id, long long version, const char *cache_key,
                   double threshold, double margin, char *out, size_t outsz);

/* Pure: the value of an analysis: r (NULL: none) and label (NULL: the intent was not asked; "" the text is no
 * intent). Returns a malloc'd buffer of *len bytes (the caller frees it). */
char *rt_kbshare_encode(const wa_kb_result_t *r, const char *label, size_t *len);

/* Pure: parses a value of rt_kbshare_encode. Fills *r (uninitialised on entry; dispose it when *has_result) and
 * label (labelsz bytes, "" when !*has_label). Returns 0, or -1 for anything malformed (nothing to dispose then). */
int rt_kbshare_decode(const char *buf, size_t len, wa_kb_result_t *r, int *has_result, char *label, size_t labelsz,
                      int *has_label);

/* One MGET of keys[0..n): vals[i] becomes a malloc'd copy of the value (lens[i] its length) or NULL. Returns 0, or -1
 * when Redis failed (every vals[i] NULL; rc->err set when the connection is lost). */
int rt_kbshare_fetch(redisContext *rc, size_t n, const char *const *keys, char **vals, size_t *lens);

/* SET key value EX ttl for each of the n pairs in one pipeline (a value NULL or longer than max_bytes is skipped).
 * Returns the number stored, or -1 when Redis failed (rc->err set when the connection is lost). */
int rt_kbshare_store(redisContext *rc, size_t n, const char *const *keys, char *const *vals, const size_t *lens,
                     long ttl, size_t max_bytes);

#endif
