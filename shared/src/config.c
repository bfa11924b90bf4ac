/*
 * Environment configuration (wa/config.h): every variable of
 * ARCHITECTURE.md's table and of .env.example with its default and its
 * range, plus the stream key names built from WA_REDIS_PREFIX. Services (and
 * wactl) call wa_config_load once at start-up, before any thread; a refused
 * value makes them exit with code 2. The numbers are one table (numbers[]),
 * so that each variable's name, default, range and field are read together.
 */
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "wa/config.h"
#include "wa/http.h"
#include "wa/log.h"
#include "wa/pg.h"

const char *wa_env_str(const char *name, const char *def)
{
    const char *v = getenv(name);
    return v != NULL && v[0] != '\0' ? v : def;
}

long long wa_env_range(const char *name, long long def, long long min, long long max, int *ok)
{
    const char *v = getenv(name);
    if (v == NULL || v[0] == '\0')
        return def;
    char *end;
    errno = 0;
    long long n = strtoll(v, &end, 10);
    if (errno != 0 || *end != '\0' || end == v || n < min || n > max) {
        fprintf(stderr, "invalid value for %s: expected an integer from %lld to %lld\n", name, min, max);
        if (ok != NULL)
            *ok = 0;
        return def;
    }
    return n;
}

long wa_env_long(const char *name, long def, int *ok)
{
    return (long)wa_env_range(name, def, 0, LONG_MAX, ok);
}

/* A fraction in [0, 1]; unset or empty gives def. Refused like wa_env_range. */
static double env_unit(const char *name, double def, int *ok)
{
    const char *v = getenv(name);
    if (v == NULL || v[0] == '\0')
        return def;
    char *end;
    errno = 0;
    double d = strtod(v, &end);
    if (errno != 0 || *end != '\0' || end == v || !(d >= 0 && d <= 1)) {
        fprintf(stderr, "invalid value for %s: expected a number from 0 to 1\n", name);
        *ok = 0;
        return def;
    }
    return d;
}

static int default_ops_port(const char *service)
{
    if (strcmp(service, "ingress") == 0)
        return 9100;
    if (strcmp(service, "router") == 0)
        return 9101;
    if (strcmp(service, "sender") == 0)
        return 9102;
    if (strcmp(service, "ai") == 0)
        return 9103;
    return 0;
}

char *wa_config_key(const wa_config_t *cfg, char *buf, unsigned long bufsz, const char *suffix, const char *id)
{
    snprintf(buf, bufsz, "%s%s%s", cfg->redis_prefix, suffix, id != NULL ? id : "");
    return buf;
}

#define DAY_MS 86400000LL
#define MIB (1024LL * 1024)

/* One numeric variable: its default, its accepted range and the field it fills (int, long or long long, by size). */
typedef struct st_number_t {
    const char *name;
    long long def, min, max;
    size_t offset, size;
} number_t;

#define NUMBER(var, field, def, min, max)                                                                              \
    {var, def, min, max, offsetof(wa_config_t, field), sizeof(((wa_config_t *)0)->field)}
#define DEF_OPS_PORT (-1)      /* the service's own (default_ops_port) */
#define DEF_MAX_ATTEMPTS (-1)  /* WA_MAX_DELIVERIES */

/* Lower bounds refuse what cannot mean anything (negative, a zero timeout that would wait forever); a few
 * settings keep their documented floor on top (see wa_config_load). Upper bounds keep every value inside its field
 * and inside what the code computes from it. */
static const number_t numbers[] = {
    NUMBER("INGRESS_PORT", ingress_port, 3000, 0, 65535), /* 0: any free port (tests) */
    NUMBER("INGRESS_THREADS", ingress_threads, 1, 0, 1024),
    NUMBER("INGRESS_MAX_BODY_BYTES", ingress_max_body, 4 * MIB, 1, 1024 * MIB),
    NUMBER("OPS_PORT", ops_port, DEF_OPS_PORT, 0, 65535),
    NUMBER("GRAPH_TIMEOUT_MS", graph_timeout_ms, 10000, 1, 3600000),
    NUMBER("AI_TIMEOUT_MS", ai_timeout_ms, 20000, 1, 3600000),
    NUMBER("WA_MAX_DELIVERIES", max_deliveries, 5, 0, 1000000),
    NUMBER("WA_CLAIM_IDLE_MS", claim_idle_ms, 30000, 0, DAY_MS),
    NUMBER("WA_BATCH_SIZE", batch_size, 64, 0, 100000),
    NUMBER("WA_BLOCK_MS", block_ms, 2000, 0, 3600000),
    NUMBER("WA_STREAM_RETENTION_MS", stream_retention_ms, DAY_MS, 0, 3650 * DAY_MS),
    NUMBER("WA_DLQ_MAXLEN", dlq_maxlen, 100000, 0, LLONG_MAX),
    NUMBER("WA_UNROUTED_MAXLEN", unrouted_maxlen, 100000, 0, LLONG_MAX),
    NUMBER("WA_SANDBOX_MAXLEN", sandbox_maxlen, 100000, 0, LLONG_MAX),
    NUMBER("WA_TRIM_INTERVAL_MS", trim_interval_ms, 10000, 0, DAY_MS),
    NUMBER("WA_PG_CONNECT_TIMEOUT_S", pg_connect_timeout_s, 5, 0, 3600),
    NUMBER("WA_PG_STATEMENT_TIMEOUT_MS", pg_statement_timeout_ms, 10000, 0, DAY_MS),
    NUMBER("WA_HTTP_MAX_RESPONSE_BYTES", http_max_response_bytes, WA_HTTP_MAX_RESPONSE_DEFAULT, 1, 1L << 30),
    NUMBER("INGRESS_SECRETS_REFRESH_MS", ingress_secrets_refresh_ms, 2000, 1, DAY_MS),
    NUMBER("WA_MAX_MESSAGES_PER_WEBHOOK", router_max_items, 1000, 1, 1000000),
    NUMBER("ROUTER_REMINDER_INTERVAL_MS", router_reminder_interval_ms, 60000, 0, DAY_MS),
    NUMBER("ROUTER_KB_RERANK", router_kb_rerank, 1, 0, 1),
    NUMBER("ROUTER_KB_CACHE_KB", router_kb_cache_kb, 4096, 0, 1048576),
    NUMBER("ROUTER_KB_SNAPSHOT_KB", router_kb_snapshot_kb, 2048, 0, 1048576),
    NUMBER("ROUTER_KB_ANALYSE_HERE", router_kb_analyse_here, 1, 0, 1),
    NUMBER("ROUTER_PG_PARALLEL", router_pg_parallel, 2, 1, 8), /* RT_PG_PARALLEL_MAX */
    NUMBER("ROUTER_KB_SHARED_TTL", router_kb_shared_ttl, 0, 0, 86400),
    NUMBER("ROUTER_KB_SHARED_MAX", router_kb_shared_max, 8192, 64, 1048576),
    NUMBER("AI_HISTORY_MESSAGES", ai_history_messages, 10, 0, 200),
    NUMBER("AI_HISTORY_CHARS", ai_history_chars, 3000, 0, 100000),
    NUMBER("AI_MODEL_CHECK_TIMEOUT_MS", ai_model_check_timeout_ms, 5000, 0, 600000),
    NUMBER("AI_KB_RERANK_TIMEOUT_MS", ai_kb_rerank_timeout_ms, 3000, 1, 600000),
    NUMBER("SENDER_CREDS_TTL_MS", sender_creds_ttl_ms, 5000, 0, DAY_MS),
    NUMBER("SENDER_RATE_PER_S", sender_rate_per_s, 80, 1, 1000000),
    NUMBER("SENDER_RETRY_BASE_MS", sender_retry_base_ms, 1000, 1, DAY_MS),
    NUMBER("SENDER_RETRY_CAP_MS", sender_retry_cap_ms, 60000, 1, DAY_MS),
    NUMBER("SENDER_MAX_ATTEMPTS", sender_max_attempts, DEF_MAX_ATTEMPTS, 1, 1000000),
    NUMBER("SENDER_MAX_AGE_MS", sender_max_age_ms, 3600000, 1, 30 * DAY_MS),
    NUMBER("SENDER_RETRY_POLL_MS", sender_retry_poll_ms, 100, 0, 3600000),
    NUMBER("SENDER_WINDOW_S", sender_window_s, 86400, 1, 30 * 86400),
    NUMBER("SENDER_OPS_PAUSE_MS", sender_ops_pause_ms, 600000, 1, 30 * DAY_MS),
    NUMBER("SENDER_TOKEN_REFRESH_MS", sender_token_refresh_ms, 3600000, 1, 30 * DAY_MS),
    NUMBER("SENDER_TOKEN_REFRESH_AHEAD_S", sender_token_refresh_ahead_s, 864000, 1, 60 * 86400),
    NUMBER("SENDER_CREDS_METRICS_MS", sender_creds_metrics_ms, 30000, 1, DAY_MS),
};

static void number_store(wa_config_t *cfg, const number_t *n, long long v)
{
    char *field = (char *)cfg + n->offset;
    if (n->size == sizeof(int)) {
        int i = (int)v;
        memcpy(field, &i, sizeof(i));
    } else if (n->size == sizeof(long)) {
        long l = (long)v;
        memcpy(field, &l, sizeof(l));
    } else {
        memcpy(field, &v, sizeof(v));
    }
}

int wa_config_load(wa_config_t *cfg, const char *service)
{
    int ok = 1;
    memset(cfg, 0, sizeof(*cfg));
    cfg->service = service;
    cfg->redis_url = wa_env_str("REDIS_URL", "redis://127.0.0.1:6379/0");
    cfg->database_url = wa_env_str("DATABASE_URL", "postgresql://wa:wa@127.0.0.1:5432/wa");
    cfg->app_secret = wa_env_str("WHATSAPP_APP_SECRET", NULL);
    cfg->verify_token = wa_env_str("WHATSAPP_VERIFY_TOKEN", NULL);
    cfg->master_token = wa_env_str("WHATSAPP_TOKEN", NULL);
    cfg->master_phone_number_id = wa_env_str("PHONE_NUMBER_ID", NULL);
    cfg->master_waba_id = wa_env_str("WHATSAPP_BUSINESS_ACCOUNT_ID", NULL);
    cfg->graph_url = wa_env_str("WHATSAPP_GRAPH_URL", "https://graph.facebook.com/v23.0");
    cfg->gemini_api_key = wa_env_str("GEMINI_API_KEY", NULL);
    cfg->gemini_model = wa_env_str("GEMINI_MODEL", "gemini-2.5-flash");
    cfg->gemini_url = wa_env_str("GEMINI_URL", "https://generativelanguage.googleapis.com/v1beta");
    cfg->ai_fallback_text = wa_env_str("AI_FALLBACK_TEXT", NULL);
    cfg->credentials_key = wa_env_str("CREDENTIALS_KEY", NULL);
    cfg->credentials_key_previous = wa_env_str("CREDENTIALS_KEY_PREVIOUS", NULL);
    cfg->redis_prefix = wa_env_str("WA_REDIS_PREFIX", "wa:");
    cfg->log_level = wa_env_str("LOG_LEVEL", "info");
    cfg->router_kb_threshold = env_unit("ROUTER_KB_THRESHOLD", -1, &ok);
    cfg->router_kb_margin = env_unit("ROUTER_KB_MARGIN", -1, &ok);
    cfg->router_kb_rerank_low = env_unit("ROUTER_KB_RERANK_LOW", -1, &ok);
    cfg->router_kb_rerank_high = env_unit("ROUTER_KB_RERANK_HIGH", -1, &ok);

    for (size_t i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++) {
        const number_t *n = &numbers[i];
        long long def = n->def;
        if (def == DEF_OPS_PORT && n->offset == offsetof(wa_config_t, ops_port))
            def = default_ops_port(service);
        else if (def == DEF_MAX_ATTEMPTS && n->offset == offsetof(wa_config_t, sender_max_attempts))
            def = cfg->max_deliveries > 0 ? cfg->max_deliveries : 5; /* WA_MAX_DELIVERIES comes earlier */
        number_store(cfg, n, wa_env_range(n->name, def, n->min, n->max, &ok));
    }

    const char *name = wa_env_str("WA_CONSUMER_NAME", NULL);
    if (name == NULL) {
        char host[64] = "host";
        if (gethostname(host, sizeof(host) - 1) != 0)
            strcpy(host, "host");
        host[sizeof(host) - 1] = '\0';
        snprintf(cfg->consumer_buf, sizeof(cfg->consumer_buf), "%s-%s-%ld", service, host, (long)getpid());
        name = cfg->consumer_buf;
    }
    cfg->consumer_name = name;

    /* documented floors: a smaller value is raised to them, not refused */
    if (cfg->max_deliveries < 1)
        cfg->max_deliveries = 1;
    if (cfg->claim_idle_ms < 100)
        cfg->claim_idle_ms = 100;
    if (cfg->batch_size < 1)
        cfg->batch_size = 1;
    if (cfg->block_ms < 10)
        cfg->block_ms = 10;
    if (cfg->ingress_threads < 1)
        cfg->ingress_threads = 1;
    if (cfg->trim_interval_ms < 100)
        cfg->trim_interval_ms = 100;
    if (cfg->sender_retry_cap_ms < cfg->sender_retry_base_ms)
        cfg->sender_retry_cap_ms = cfg->sender_retry_base_ms;
    if (cfg->sender_retry_poll_ms < 10)
        cfg->sender_retry_poll_ms = 10;

    wa_config_key(cfg, cfg->key_in, sizeof(cfg->key_in), "in", NULL);
    wa_config_key(cfg, cfg->key_ai, sizeof(cfg->key_ai), "ai", NULL);
    wa_config_key(cfg, cfg->key_out, sizeof(cfg->key_out), "out", NULL);
    wa_config_key(cfg, cfg->key_retry, sizeof(cfg->key_retry), "retry", NULL);
    wa_config_key(cfg, cfg->key_dlq, sizeof(cfg->key_dlq), "dlq", NULL);
    wa_config_key(cfg, cfg->key_unrouted, sizeof(cfg->key_unrouted), "unrouted", NULL);
    wa_config_key(cfg, cfg->key_sandbox, sizeof(cfg->key_sandbox), "sandbox", NULL);
    wa_config_key(cfg, cfg->key_media, sizeof(cfg->key_media), "media", NULL);

    wa_log_init(strcmp(service, "wactl") == 0 ? "wactl" : service, cfg->log_level);
    wa_pg_settings(cfg->pg_connect_timeout_s, cfg->pg_statement_timeout_ms);
    wa_http_settings(cfg->http_max_response_bytes);
    return ok ? 0 : -1;
}

void wa_config_args(int argc, char **argv, const char *service, const char *what)
{
    if (argc < 2)
        return;
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        printf("wa-%s: %s\n\n"
               "Usage: wa-%s (no arguments)\n\n"
               "Configured by environment variables only (README, \"Configuration\"; .env.example lists them all),\n"
               "e.g. REDIS_URL, DATABASE_URL, LOG_LEVEL. Secrets come from the environment or a *_FILE variable,\n"
               "never from the command line. A refused value stops the service with exit code 2.\n\n"
               "Numeric settings (default, accepted range):\n",
               service, what, service);
        for (size_t i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++) {
            const number_t *n = &numbers[i];
            long long def = n->def;
            if (def == DEF_OPS_PORT)
                def = default_ops_port(service);
            if (def == DEF_MAX_ATTEMPTS)
                printf("  %-32s WA_MAX_DELIVERIES  (%lld..%lld)\n", n->name, n->min, n->max);
            else
                printf("  %-32s %-18lld (%lld..%lld)\n", n->name, def, n->min, n->max);
        }
        exit(0);
    }
    fprintf(stderr,
            "wa-%s: unexpected argument \"%.64s\": it takes none (configuration is in the environment; see wa-%s "
            "--help)\n",
            service, argv[1], service);
    exit(2);
}
