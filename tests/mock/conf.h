/*
 * Configuration of the mock server's APIs, set by the test suite through
 * POST /_mock/config (control.c) and read by the API handlers (graph.c,
 * ai.c). Parsing a configuration object is pure: cJSON in, typed structs out,
 * with a message naming the first field of the wrong type. Absent or null
 * fields take the defaults: any token or key is valid, no delay, no scripted
 * errors, the default answer text and models.
 */
#ifndef mock__conf_h
#define mock__conf_h

#include <stddef.h>

#include <cJSON.h>

typedef struct st_mock_strlist_t {
    char **items; /* owned */
    size_t n;
} mock_strlist_t;

/* Which Graph requests a scripted error rule applies to. */
typedef enum en_mock_graph_kind_t {
    MOCK_KIND_SEND = 0, /* POST /messages that sends a message (default) */
    MOCK_KIND_READ,     /* POST /messages with status "read" */
    MOCK_KIND_MESSAGES, /* both of the above */
    MOCK_KIND_ANY,      /* every Graph endpoint, GETs included */
} mock_graph_kind_t;

typedef struct st_mock_graph_rule_t {
    int code;
    int http_status; /* default 400 */
    long times_left; /* remaining answers; meaningful when !forever */
    int forever;     /* times absent or 0 */
    int subcode;     /* error_subcode, 0 = none */
    int delay_ms;    /* -1 = the api's delay */
    mock_graph_kind_t kind;
    char *to; /* filters (NULL = any); compared as digits */
    char *phone_number_id;
    char *token;
    char *message;    /* title after "(#code) "; NULL = the code's usual title */
    char *details;    /* error_data.details; NULL = a generic text */
    char *error_type; /* NULL = "OAuthException" */
} mock_graph_rule_t;

typedef struct st_mock_graph_phone_t {
    char *id;
    char *display;       /* display_phone_number as configured */
    char *verified_name; /* NULL = the api's verified_name */
} mock_graph_phone_t;

typedef struct st_mock_graph_conf_t {
    int delay_ms;
    long pad_bytes; /* every answer gets this many trailing spaces (a response too large to buffer) */
    int check_tokens; /* valid_tokens was given: only those (and exchanged ones) pass */
    mock_strlist_t valid_tokens;
    mock_graph_phone_t *phones;
    size_t nphones;
    char *verified_name;
    char *quality_rating;
    char *throughput_level;
    char *app_secret; /* when set, oauth/access_token checks client_secret */
    char *messaging_limit; /* whatsapp_business_manager_messaging_limit; NULL = "TIER_2K" */
    char *signup_code;     /* when set, the only Embedded Signup code oauth/access_token accepts */
    cJSON *templates;      /* message templates (A.10): objects with waba_id, id, name, language, status,
                              category, parameter_format, components...; NULL = none yet. Created ones are added. */
    mock_graph_rule_t *rules;
    size_t nrules;
} mock_graph_conf_t;

typedef struct st_mock_ai_rule_t {
    int http_status;
    char *status;      /* Google status word; NULL = derived from http_status */
    char *message;     /* NULL = a usual message for the status */
    char *retry_delay; /* RetryInfo.retryDelay; NULL = no RetryInfo */
    char *quota_id;    /* QuotaFailure quotaId (429) */
    char *reason;      /* ErrorInfo.reason; NULL = none */
    char *error_type;  /* OpenAI error.type; NULL = derived */
    int html;          /* answer a raw HTML page instead of JSON */
    long times_left;
    int forever;
    int delay_ms; /* -1 = the api's delay */
    char *model;  /* filters */
    char *key;
} mock_ai_rule_t;

/* An answer text chosen by what the request asks: the first reply whose `contains` occurs in the request body
 * replaces the configured text (and delay, when delay_ms >= 0). Lets a test script the knowledge base's rerank call
 * and the ordinary answer of one question differently. */
typedef struct st_mock_ai_reply_t {
    char *contains; /* bytes of the raw request body (JSON-escaped as sent) */
    char *text;
    int delay_ms; /* -1 = the api's delay */
} mock_ai_reply_t;

/* Gemini and OpenAI-compatible share one shape. */
typedef struct st_mock_ai_conf_t {
    int is_openai;
    int delay_ms;
    long pad_bytes; /* every answer gets this many trailing spaces */
    char *text;
    int check_keys;
    mock_strlist_t valid_keys;
    char *finish_reason; /* NULL = STOP / stop */
    char *block_reason;  /* Gemini only: prompt blocked */
    int any_model;       /* no models list (OpenAI default) */
    mock_strlist_t models;
    mock_ai_rule_t *rules;
    size_t nrules;
    mock_ai_reply_t *replies; /* "replies": [{"contains", "text", "delay_ms"}] */
    size_t nreplies;
} mock_ai_conf_t;

#define MOCK_DEFAULT_TEXT "Mock answer from the model."

/* Default configuration (as after /_mock/reset). */
void mock_graph_conf_init(mock_graph_conf_t *c);
void mock_graph_conf_dispose(mock_graph_conf_t *c);
void mock_ai_conf_init(mock_ai_conf_t *c, int is_openai);
void mock_ai_conf_dispose(mock_ai_conf_t *c);

/* Fills `c` (uninitialised) from a configuration object. Returns 0, or -1 with a message in err (then `c` holds
 * nothing to dispose). `json` is borrowed. */
int mock_graph_conf_parse(mock_graph_conf_t *c, const cJSON *json, char *err, size_t errsz);
int mock_ai_conf_parse(mock_ai_conf_t *c, int is_openai, const cJSON *json, char *err, size_t errsz);

/* Adds a copy of s to the list. */
void mock_strlist_add(mock_strlist_t *l, const char *s);
/* 1 when the list holds exactly the n bytes at s. */
int mock_strlist_has(const mock_strlist_t *l, const char *s, size_t n);

#endif
