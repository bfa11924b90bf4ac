/*
 * Environment configuration (wa/config.h): every variable of
 * ARCHITECTURE.md's table with its default, plus the stream key names built
 * from WA_REDIS_PREFIX. Services call wa_config_load once at start-up.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "wa/config.h"
#include "wa/log.h"

const char *wa_env_str(const char *name, const char *def)
{
    const char *v = getenv(name);
    return v != NULL && v[0] != '\0' ? v : def;
}

long wa_env_long(const char *name, long def, int *ok)
{
    const char *v = getenv(name);
    if (v == NULL || v[0] == '\0')
        return def;
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (errno != 0 || *end != '\0' || end == v) {
        fprintf(stderr, "invalid value for %s: expected an integer\n", name);
        if (ok != NULL)
            *ok = 0;
        return def;
    }
    return n;
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

int wa_config_load(wa_config_t *cfg, const char *service)
{
    int ok = 1;
    memset(cfg, 0, sizeof(*cfg));
    cfg->service = service;
    cfg->redis_url = wa_env_str("REDIS_URL", "redis://127.0.0.1:6379/0");
    cfg->database_url = wa_env_str("DATABASE_URL", "postgresql://wa:wa@127.0.0.1:5432/wa");
    cfg->ingress_port = (int)wa_env_long("INGRESS_PORT", 3000, &ok);
    cfg->ingress_threads = (int)wa_env_long("INGRESS_THREADS", 1, &ok);
    cfg->ingress_max_body = wa_env_long("INGRESS_MAX_BODY_BYTES", 4L * 1024 * 1024, &ok);
    cfg->ops_port = (int)wa_env_long("OPS_PORT", default_ops_port(service), &ok);
    cfg->app_secret = wa_env_str("WHATSAPP_APP_SECRET", NULL);
    cfg->verify_token = wa_env_str("WHATSAPP_VERIFY_TOKEN", NULL);
    cfg->master_token = wa_env_str("WHATSAPP_TOKEN", NULL);
    cfg->master_phone_number_id = wa_env_str("PHONE_NUMBER_ID", NULL);
    cfg->master_waba_id = wa_env_str("WHATSAPP_BUSINESS_ACCOUNT_ID", NULL);
    cfg->graph_url = wa_env_str("WHATSAPP_GRAPH_URL", "https://graph.facebook.com/v23.0");
    cfg->graph_timeout_ms = (int)wa_env_long("GRAPH_TIMEOUT_MS", 10000, &ok);
    cfg->gemini_api_key = wa_env_str("GEMINI_API_KEY", NULL);
    cfg->gemini_model = wa_env_str("GEMINI_MODEL", "gemini-2.5-flash");
    cfg->gemini_url = wa_env_str("GEMINI_URL", "https://generativelanguage.googleapis.com/v1beta");
    cfg->ai_timeout_ms = (int)wa_env_long("AI_TIMEOUT_MS", 20000, &ok);
    cfg->ai_fallback_text = wa_env_str("AI_FALLBACK_TEXT", NULL);
    cfg->credentials_key = wa_env_str("CREDENTIALS_KEY", NULL);
    cfg->redis_prefix = wa_env_str("WA_REDIS_PREFIX", "wa:");
    cfg->max_deliveries = (int)wa_env_long("WA_MAX_DELIVERIES", 5, &ok);
    cfg->claim_idle_ms = (int)wa_env_long("WA_CLAIM_IDLE_MS", 30000, &ok);
    cfg->batch_size = (int)wa_env_long("WA_BATCH_SIZE", 64, &ok);
    cfg->block_ms = (int)wa_env_long("WA_BLOCK_MS", 2000, &ok);
    cfg->stream_retention_ms = wa_env_long("WA_STREAM_RETENTION_MS", 86400000L, &ok);
    cfg->dlq_maxlen = wa_env_long("WA_DLQ_MAXLEN", 100000, &ok);
    cfg->unrouted_maxlen = wa_env_long("WA_UNROUTED_MAXLEN", 100000, &ok);
    cfg->sandbox_maxlen = wa_env_long("WA_SANDBOX_MAXLEN", 100000, &ok);
    cfg->trim_interval_ms = (int)wa_env_long("WA_TRIM_INTERVAL_MS", 10000, &ok);
    cfg->log_level = wa_env_str("LOG_LEVEL", "info");

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
    if (cfg->stream_retention_ms < 0 || cfg->dlq_maxlen < 0 || cfg->unrouted_maxlen < 0 || cfg->sandbox_maxlen < 0) {
        fprintf(stderr, "invalid value for WA_STREAM_RETENTION_MS or a WA_*_MAXLEN: expected 0 (no limit) or more\n");
        ok = 0;
    }
    if (cfg->trim_interval_ms < 100)
        cfg->trim_interval_ms = 100;

    wa_config_key(cfg, cfg->key_in, sizeof(cfg->key_in), "in", NULL);
    wa_config_key(cfg, cfg->key_ai, sizeof(cfg->key_ai), "ai", NULL);
    wa_config_key(cfg, cfg->key_out, sizeof(cfg->key_out), "out", NULL);
    wa_config_key(cfg, cfg->key_retry, sizeof(cfg->key_retry), "retry", NULL);
    wa_config_key(cfg, cfg->key_dlq, sizeof(cfg->key_dlq), "dlq", NULL);
    wa_config_key(cfg, cfg->key_unrouted, sizeof(cfg->key_unrouted), "unrouted", NULL);
    wa_config_key(cfg, cfg->key_sandbox, sizeof(cfg->key_sandbox), "sandbox", NULL);

    wa_log_init(strcmp(service, "wactl") == 0 ? "wactl" : service, cfg->log_level);
    return ok ? 0 : -1;
}
