/*
 * Configuration from environment variables only (ARCHITECTURE.md, Configuration).
 * wa_config_load fills a wa_config_t with every variable a service may read,
 * with the documented defaults; strings point into the environment or to
 * static defaults and live as long as the process. Stream key names are built
 * once here from WA_REDIS_PREFIX. Every number is range-checked here, at
 * start: a value that is not a number, or is outside its range, is refused
 * with a line on stderr naming the variable and the range, and the service
 * exits with code 2. Nothing reads the environment after start: the services,
 * their threads and libwa (wa_pg_create) take their settings from here.
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
    const char *credentials_key_previous; /* CREDENTIALS_KEY_PREVIOUS: the key being rotated out, or NULL */
    long pg_connect_timeout_s;     /* WA_PG_CONNECT_TIMEOUT_S (5; 0 = none) */
    long pg_statement_timeout_ms;  /* WA_PG_STATEMENT_TIMEOUT_MS (10000; 0 = none) */
    long http_max_response_bytes;  /* WA_HTTP_MAX_RESPONSE_BYTES (1048576): outbound response bodies */
    /* ingress */
    long ingress_secrets_refresh_ms; /* INGRESS_SECRETS_REFRESH_MS (2000): doctors' app secrets reload */
    /* router */
    long router_max_items;            /* WA_MAX_MESSAGES_PER_WEBHOOK (1000) */
    double router_kb_threshold;       /* ROUTER_KB_THRESHOLD in [0, 1]; -1 when unset (the router's default) */
    double router_kb_margin;          /* ROUTER_KB_MARGIN in [0, 1]; -1 when unset (the router's default) */
    long router_kb_rerank;            /* ROUTER_KB_RERANK (1; 0 = the middle band is never handed to a model) */
    double router_kb_rerank_low;      /* ROUTER_KB_RERANK_LOW in [0, 1]; -1 when unset (WA_KB_RERANK_LOW) */
    double router_kb_rerank_high;     /* ROUTER_KB_RERANK_HIGH in [0, 1]; -1 when unset (= the threshold) */
    long router_reminder_interval_ms; /* ROUTER_REMINDER_INTERVAL_MS (60000; 0 = no reminders) */
    long router_kb_cache_kb;          /* ROUTER_KB_CACHE_KB (4096; 0 = no answer cache): kbcache.c's cap */
    long router_kb_snapshot_kb; /* ROUTER_KB_SNAPSHOT_KB (2048; 0 = score in PostgreSQL): the clinics' snapshots the
                                 * router scores new texts against (kbsnap.c) */
    long router_kb_analyse_here; /* ROUTER_KB_ANALYSE_HERE (1; 0 = in PostgreSQL): new texts' tokens computed in the
                                  * router (analyse.c) where the typo correction is not needed */
    long router_pg_parallel;          /* ROUTER_PG_PARALLEL (2, 1..8): connections to analyse new texts over */
    long router_kb_shared_ttl; /* ROUTER_KB_SHARED_TTL (0 = off; seconds): the replicas' shared answer cache */
    long router_kb_shared_max; /* ROUTER_KB_SHARED_MAX (8192): the largest value it stores, bytes */
    /* ai */
    long ai_history_messages;       /* AI_HISTORY_MESSAGES (10, 0..200) */
    long ai_history_chars;          /* AI_HISTORY_CHARS (3000, 0..100000) */
    long ai_model_check_timeout_ms; /* AI_MODEL_CHECK_TIMEOUT_MS (5000; 0 = no check at start) */
    long ai_kb_rerank_timeout_ms;   /* AI_KB_RERANK_TIMEOUT_MS (3000): the model's rerank of the middle band */
    /* sender */
    long sender_creds_ttl_ms;          /* SENDER_CREDS_TTL_MS (5000) */
    long sender_rate_per_s;            /* SENDER_RATE_PER_S (80) */
    long sender_retry_base_ms;         /* SENDER_RETRY_BASE_MS (1000) */
    long sender_retry_cap_ms;          /* SENDER_RETRY_CAP_MS (60000; raised to the base) */
    long sender_max_attempts;          /* SENDER_MAX_ATTEMPTS (WA_MAX_DELIVERIES) */
    long sender_max_age_ms;            /* SENDER_MAX_AGE_MS (3600000) */
    long sender_retry_poll_ms;         /* SENDER_RETRY_POLL_MS (100; raised to 10) */
    long sender_window_s;              /* SENDER_WINDOW_S (86400): the customer service window */
    long sender_ops_pause_ms;          /* SENDER_OPS_PAUSE_MS (600000) */
    long sender_token_refresh_ms;      /* SENDER_TOKEN_REFRESH_MS (3600000) */
    long sender_token_refresh_ahead_s; /* SENDER_TOKEN_REFRESH_AHEAD_S (864000) */
    long sender_creds_metrics_ms;      /* SENDER_CREDS_METRICS_MS (30000) */
    /* stream and key names with the prefix applied */
    char key_in[WA_KEY_MAX], key_ai[WA_KEY_MAX], key_out[WA_KEY_MAX], key_retry[WA_KEY_MAX], key_dlq[WA_KEY_MAX],
        key_unrouted[WA_KEY_MAX], key_sandbox[WA_KEY_MAX], key_media[WA_KEY_MAX];
    char consumer_buf[128];
} wa_config_t;

/* Reads the environment. `service` picks the OPS_PORT default. Returns 0, or -1 with a line on stderr for each
 * variable whose value is refused (not a number, or outside its range: "invalid value for NAME: expected an integer
 * from MIN to MAX"); the caller exits with code 2. Also initialises logging (wa_log_init) and libwa's PostgreSQL
 * timeouts (wa_pg_settings). Call it once, at start, before any thread. */
int wa_config_load(wa_config_t *cfg, const char *service);

/* A service's command line: services take no arguments (everything is in the environment). `--help` / `-h` prints
 * what the binary is (`what`, one line), how it is configured and every numeric variable with its default and range,
 * then exits 0; any other argument prints one line naming it on stderr and exits 2, before anything starts. */
void wa_config_args(int argc, char **argv, const char *service, const char *what);

/* Writes prefix+suffix into buf (e.g. "wa:" + "sent:" + id). Returns buf. */
char *wa_config_key(const wa_config_t *cfg, char *buf, unsigned long bufsz, const char *suffix, const char *id);

/* Environment helpers: value or default when unset or empty. */
const char *wa_env_str(const char *name, const char *def);
/* Parses a decimal integer of 0 or more; on an invalid or negative value prints a clear error, sets *ok = 0 and
 * returns def. For start-up code only. */
long wa_env_long(const char *name, long def, int *ok);
/* Parses a decimal integer in [min, max]; unset or empty gives def. On a value that is not an integer or is out of
 * range prints "invalid value for NAME: expected an integer from MIN to MAX" on stderr, sets *ok = 0 and returns
 * def. For start-up code only. */
long long wa_env_range(const char *name, long long def, long long min, long long max, int *ok);

#endif
