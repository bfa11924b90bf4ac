/*
 * The router replicas' shared answer cache (see kbshare.h): the key, a length-prefixed value format and the two
 * Redis round trips (one MGET per batch, one pipeline of SET ... EX per batch).
 *
 * A value: a header line "K1 <has_result> <nhits> <best> <band> <has_label> <label bytes>\n" and the label's bytes,
 * then per hit a line "<id bytes> <score> <question bytes> <answer bytes>\n" (-1 bytes: NULL) and those bytes.
 */
#include "kbshare.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "wa/buf.h"
#include "wa/log.h"
#include "wa/redis.h"

int rt_kbshare_key(const wa_config_t *cfg, const char *doctor_id, long long version, const char *cache_key,
                   double threshold, double margin, char *out, size_t outsz)
{
    char head[64], hex[33], suffix[160];
    unsigned char d[16];
    size_t hl, kl;
    char *in;
    int n;

    if (cfg == NULL || doctor_id == NULL || cache_key == NULL || strlen(doctor_id) > 64)
        return -1;
    hl = (size_t)snprintf(head, sizeof(head), "%.6f %.6f\n", threshold, margin);
    kl = strlen(cache_key);
    in = wa_malloc(hl + kl);
    memcpy(in, head, hl);
    memcpy(in + hl, cache_key, kl);
    /* BLAKE2b (libsodium), not OpenSSL's SHA-256: OpenSSL 3's first digest loads its providers, 2.4 MB of RSS the
     * router (within 16 MiB) has no other use for */
    crypto_generichash(d, sizeof(d), (const unsigned char *)in, hl + kl, NULL, 0);
    free(in);
    for (size_t i = 0; i < sizeof(d); i++)
        snprintf(hex + 2 * i, 3, "%02x", d[i]);
    n = snprintf(suffix, sizeof(suffix), "kbc:%s:%lld:%s", doctor_id, version, hex);
    if (n < 0 || (size_t)n >= sizeof(suffix))
        return -1;
    wa_config_key(cfg, out, outsz, suffix, "");
    return strlen(out) + 1 < outsz ? 0 : -1;
}

static void put_str(wa_buf_t *b, const char *s)
{
    if (s != NULL)
        wa_buf_append(b, s, strlen(s));
}

char *rt_kbshare_encode(const wa_kb_result_t *r, const char *label, size_t *len)
{
    wa_buf_t b;
    char line[160];

    wa_buf_init(&b);
    snprintf(line, sizeof(line), "K1 %d %zu %d %d %d %zu\n", r != NULL, r != NULL ? r->nhits : 0,
             r != NULL ? r->best : -1, r != NULL ? r->band : 0, label != NULL, label != NULL ? strlen(label) : 0);
    put_str(&b, line);
    put_str(&b, label);
    for (size_t i = 0; r != NULL && i < r->nhits; i++) {
        const wa_kb_hit_t *h = &r->hits[i];
        snprintf(line, sizeof(line), "%zu %.17g %ld %ld\n", strlen(h->id), h->score,
                 h->question != NULL ? (long)strlen(h->question) : -1L,
                 h->answer != NULL ? (long)strlen(h->answer) : -1L);
        put_str(&b, line);
        put_str(&b, h->id);
        put_str(&b, h->question);
        put_str(&b, h->answer);
    }
    *len = b.len;
    return wa_buf_release(&b);
}

/* Reads one header line (at most 160 bytes, ending in '\n') from *p..end into line. Returns 0 or -1. */
static int take_line(const char **p, const char *end, char *line)
{
    const char *nl = memchr(*p, '\n', (size_t)(end - *p));
    if (nl == NULL || nl - *p >= 160)
        return -1;
    memcpy(line, *p, (size_t)(nl - *p));
    line[nl - *p] = '\0';
    *p = nl + 1;
    return 0;
}

/* A copy of the next len bytes (len -1: NULL into *out), or -1 when they are not there. */
static int take_str(const char **p, const char *end, long len, char **out)
{
    *out = NULL;
    if (len < 0)
        return len == -1 ? 0 : -1;
    if ((size_t)(end - *p) < (size_t)len)
        return -1;
    *out = wa_malloc((size_t)len + 1);
    memcpy(*out, *p, (size_t)len);
    (*out)[len] = '\0';
    *p += len;
    return 0;
}

int rt_kbshare_decode(const char *buf, size_t len, wa_kb_result_t *r, int *has_result, char *label, size_t labelsz,
                      int *has_label)
{
    const char *p = buf, *end = buf + len;
    char line[161];
    int hr, best, band, hl, used;
    size_t nhits, ll;

    memset(r, 0, sizeof(*r));
    r->best = -1;
    *has_result = *has_label = 0;
    if (labelsz > 0)
        label[0] = '\0';
    if (buf == NULL || take_line(&p, end, line) != 0 ||
        sscanf(line, "K1 %d %zu %d %d %d %zu%n", &hr, &nhits, &best, &band, &hl, &ll, &used) != 6 ||
        line[used] != '\0' || nhits > WA_KB_CANDIDATES || best < -1 || best >= (int)nhits || (hr != 0 && hr != 1) ||
        (hl != 0 && hl != 1) || ll >= labelsz || (size_t)(end - p) < ll)
        return -1;
    memcpy(label, p, ll);
    label[ll] = '\0';
    p += ll;
    for (size_t i = 0; i < nhits; i++) {
        wa_kb_hit_t *h = &r->hits[i];
        size_t idl;
        long ql, al;
        double score;
        char *id = NULL;
        if (take_line(&p, end, line) != 0 || sscanf(line, "%zu %lg %ld %ld%n", &idl, &score, &ql, &al, &used) != 4 ||
            line[used] != '\0' || idl >= sizeof(h->id) || take_str(&p, end, (long)idl, &id) != 0) {
            wa_kb_result_dispose(r);
            return -1;
        }
        snprintf(h->id, sizeof(h->id), "%s", id);
        free(id);
        h->score = score;
        r->nhits = i + 1;
        if (take_str(&p, end, ql, &h->question) != 0 || take_str(&p, end, al, &h->answer) != 0) {
            wa_kb_result_dispose(r);
            return -1;
        }
    }
    if (p != end) {
        wa_kb_result_dispose(r);
        return -1;
    }
    r->best = best;
    r->band = band;
    *has_result = hr;
    *has_label = hl;
    if (!hr)
        wa_kb_result_dispose(r);
    return 0;
}

int rt_kbshare_fetch(redisContext *rc, size_t n, const char *const *keys, char **vals, size_t *lens)
{
    const char **argv = wa_calloc(n + 1, sizeof(*argv));
    redisReply *rep;
    int out = 0;

    for (size_t i = 0; i < n; i++)
        vals[i] = NULL, lens[i] = 0;
    if (n == 0) {
        free(argv);
        return 0;
    }
    argv[0] = "MGET";
    memcpy(argv + 1, keys, n * sizeof(*argv));
    rep = wa_redis_cmd(rc, (int)(n + 1), argv, NULL);
    free(argv);
    if (rep == NULL || rep->type != REDIS_REPLY_ARRAY || rep->elements != n) {
        if (rep != NULL && rep->type == REDIS_REPLY_ERROR)
            wa_warn("shared answer cache: MGET failed", "error", rep->str);
        out = -1;
    } else {
        for (size_t i = 0; i < n; i++)
            if (rep->element[i]->type == REDIS_REPLY_STRING) {
                lens[i] = rep->element[i]->len;
                vals[i] = wa_malloc(lens[i] + 1);
                memcpy(vals[i], rep->element[i]->str, lens[i]);
                vals[i][lens[i]] = '\0';
            }
    }
    if (rep != NULL)
        freeReplyObject(rep);
    return out;
}

int rt_kbshare_store(redisContext *rc, size_t n, const char *const *keys, char *const *vals, const size_t *lens,
                     long ttl, size_t max_bytes)
{
    char ex[32];
    size_t sent = 0;
    int out = 0;

    snprintf(ex, sizeof(ex), "%ld", ttl);
    for (size_t i = 0; i < n; i++) {
        const char *argv[] = {"SET", keys[i], vals[i], "EX", ex};
        size_t argl[] = {3, strlen(keys[i]), lens[i], 2, strlen(ex)};
        if (vals[i] == NULL || lens[i] > max_bytes)
            continue;
        if (redisAppendCommandArgv(rc, 5, argv, argl) != REDIS_OK) {
            out = -1;
            break;
        }
        sent++;
    }
    for (size_t i = 0; i < sent; i++) { /* every reply read, even after a failure, so that none is left pending */
        redisReply *rep = NULL;
        if (redisGetReply(rc, (void **)&rep) != REDIS_OK || rep == NULL)
            return -1;
        if (rep->type == REDIS_REPLY_ERROR)
            out = -1;
        freeReplyObject(rep);
    }
    return out == 0 ? (int)sent : -1;
}
