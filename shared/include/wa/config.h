/*
 * Configuration from environment variables only (ARCHITECTURE.md, Configuration).
 * wa_config_load fills a wa_config_t with every variable a service may read,
 * with the documented defaults; strings point into the environment or to
 * static defaults and live as long as the process. Stream key names are built
 * once here from WA_REDIS_PREFIX.
 */
#ifndef wa__config_h
#define wa__config_h

#define WA_KEY_MAX 128

typedef struct st_wa_config_t {
    const char *service;       /* "ingress", "router", "ai", "sender", "wactl" */
    const char *redis_url;     /* REDIS_URL */
    const char *database_url;  /* DATABASE_URL */
    int ingress_port;          /* INGRESS_PORT */
    int ingress_threads;       /* INGRESS_THREADS (default 1) */
    long ingress_max_body;     /* INGRESS_MAX_BODY_BYTES (default 3 MiB + slack: 4194304) */
    int ops_port;              /* OPS_PORT (per-service default) */
    const char *app_secret;    /* WHATSAPP_APP_SECRET */
    const char *verify_token;  /* WHATSAPP_VERIFY_TOKEN */
    const char *master_token;  /* WHATSAPP_TOKEN */
    const char *master_phone_number_id; /* PHONE_NUMBER_ID */
    const char *master_waba_id;         /* WHATSAPP_BUSINESS_ACCOUNT_ID */
    const char *graph_url;     /* WHATSAPP_GRAPH_URL */
    int graph_timeout_ms;      /* GRAPH_TIMEOUT_MS (default 10000) */
    const char *gemini_api_key; /* GEMINI_API_KEY */
    const char *gemini_model;  /* GEMINI_MODEL */
    const char *gemini_url;    /* GEMINI_URL */
    int ai_timeout_ms;         /* AI_TIMEOUT_MS (default 20000) */
    const char *ai_fallback_text; /* AI_FALLBACK_TEXT */
    const char *credentials_key; /* CREDENTIALS_KEY */
    const char *redis_prefix;  /* WA_REDIS_PREFIX */
    int max_deliveries;        /* WA_MAX_DELIVERIES */
    int claim_idle_ms;         /* WA_CLAIM_IDLE_MS */
    int batch_size;            /* WA_BATCH_SIZE (default 64): XREADGROUP COUNT */
    int block_ms;              /* WA_BLOCK_MS (default 2000): XREADGROUP BLOCK */
    long long stream_retention_ms; /* WA_STREAM_RETENTION_MS (default 86400000; 0 = keep): wa:in, wa:ai, wa:out */
    long long dlq_maxlen, unrouted_maxlen, sandbox_maxlen; /* WA_{DLQ,UNROUTED,SANDBOX}_MAXLEN (100000; 0 = none) */
    int trim_interval_ms;      /* WA_TRIM_INTERVAL_MS (default 10000): how often the streams are trimmed */
    const char *log_level;     /* LOG_LEVEL */
    const char *consumer_name; /* WA_CONSUMER_NAME (default <hostname>-<pid>) */
    /* stream and key names with the prefix applied */
    char key_in[WA_KEY_MAX], key_ai[WA_KEY_MAX], key_out[WA_KEY_MAX], key_retry[WA_KEY_MAX], key_dlq[WA_KEY_MAX],
        key_unrouted[WA_KEY_MAX], key_sandbox[WA_KEY_MAX];
    char consumer_buf[128];
} wa_config_t;

/* Reads the environment. `service` picks the OPS_PORT default. Returns 0, or -1 with a line on stderr naming the
 * variable whose value is invalid (a number that is not one). Also initialises logging (wa_log_init). */
int wa_config_load(wa_config_t *cfg, const char *service);

/* Writes prefix+suffix into buf (e.g. "wa:" + "sent:" + id). Returns buf. */
char *wa_config_key(const wa_config_t *cfg, char *buf, unsigned long bufsz, const char *suffix, const char *id);

/* Environment helpers: value or default when unset or empty. */
const char *wa_env_str(const char *name, const char *def);
/* Parses a decimal integer; on an invalid value prints a clear error and returns -1 through *ok=0. */
long wa_env_long(const char *name, long def, int *ok);

#endif
