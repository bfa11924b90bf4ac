/*
 * The Gemini generateContent wire format (API_REFERENCE.md B.1), kept free of
 * I/O: ai_gemini_request_build turns one patient question and the clinic it
 * was sent to into the request body (a system instruction that speaks for the
 * clinic, the knowledge-base context as reference material, the question),
 * and ai_gemini_response_parse turns the HTTP status and body of the answer
 * into a result: usable text, or a failure kind with a short detail for the
 * operator. The result type is shared with the OpenAI-compatible format
 * (openai.c). The ai service (ai.c) does the HTTP; unit tests and fuzzers call
 * these directly.
 */
#ifndef ai__gemini_h
#define ai__gemini_h

#include <stddef.h>

/* The clinic an answer speaks for. All strings borrowed; NULL or "" when unknown. */
typedef struct st_ai_clinic_t {
    const char *doctor_name;
    const char *clinic_name;
    const char *specialization;
    const char *address;
    const char *instructions; /* extra instructions from the clinic (doctors.settings "ai_instructions"), may be NULL */
    const char *hours;        /* opening hours as the clinic writes them (settings "hours"), may be NULL */
    const char *languages;    /* languages the clinic answers in, e.g. "English, Hindi" (settings "languages") */
    int school;               /* the tenant is a school (doctors.kind, issue 18): it answers parents, not patients */
} ai_clinic_t;

/* One earlier message of the conversation, oldest first. `text` borrowed. */
typedef struct st_ai_turn_t {
    int from_patient; /* 1: the patient wrote it (role user), 0: the clinic sent it (role model / assistant) */
    const char *text;
} ai_turn_t;

/* Everything one model call is built from, for either wire format. All borrowed. */
typedef struct st_ai_prompt_t {
    const char *system;     /* the system instruction (ai_gemini_system_text) */
    const ai_turn_t *turns; /* the conversation so far, oldest first; consecutive turns of one side are merged */
    size_t nturns;
    const char *question; /* the patient's message being answered */
    double temperature;   /* < 0: the default 0.3 */
    long max_tokens;      /* <= 0: the default 1024 */
} ai_prompt_t;

#define AI_DEFAULT_TEMPERATURE 0.3
#define AI_DEFAULT_MAX_TOKENS 1024

/* Builds the JSON text of a generateContent request: systemInstruction for `clinic`, the entries of `kb_context` (the
 * JSON array [{"q":..,"a":..}] of the wa:ai entry; NULL, "" or unparseable = none) as reference material, an optional
 * language hint `lang` ("" = none), contents [{role user, parts [{text}]}] and generationConfig {temperature 0.3,
 * maxOutputTokens 1024, thinkingConfig {thinkingBudget 0}}. Returns the text, owned by the caller (free()). Never
 * NULL (out of memory is fatal). */
char *ai_gemini_request_build(const ai_clinic_t *clinic, const char *kb_context, const char *lang, const char *text);

/* Builds a generateContent request from a prompt: systemInstruction, the turns as alternating user/model contents
 * (runs of one side merged with blank lines; a history that starts with the clinic is kept as is), then the question
 * as the last user turn (merged into a trailing patient turn). Owned by the caller (free()). Never NULL. */
char *ai_gemini_request_build_prompt(const ai_prompt_t *p);

/* The generateContent URL: `base` (GEMINI_URL, trailing slashes ignored) + "/models/" + `model` (a leading
 * "models/" is accepted and not doubled) + ":generateContent". The API key never goes in the URL (it is sent as the
 * x-goog-api-key header). Owned by the caller (free()). */
char *ai_gemini_url(const char *base, const char *model);

/* The system instruction alone (what ai_gemini_request_build puts in systemInstruction): the clinic (name, doctor,
 * specialization, address, hours, languages), the rules, the instruction to answer in language `lang` (a wa/lang.h
 * code, e.g. "hi"; NULL or "" = the patient's language, whatever it is), the clinic's own instructions and the
 * knowledge-base context. Owned by the caller. */
char *ai_gemini_system_text(const ai_clinic_t *clinic, const char *kb_context, const char *lang);

typedef enum en_ai_gemini_kind_t {
    AI_GEMINI_OK = 0,   /* text holds the answer */
    AI_GEMINI_BLOCKED,  /* prompt blocked: no candidates, promptFeedback.blockReason (B.1.4) */
    AI_GEMINI_FINISH,   /* a candidate that ended for another reason than STOP/MAX_TOKENS (SAFETY, RECITATION ...) */
    AI_GEMINI_EMPTY,    /* no usable text (no candidates, no parts, only thoughts, MAX_TOKENS without text) */
    AI_GEMINI_HTTP,     /* HTTP status other than 2xx, with the Google error envelope (B.1.5) or any other body */
    AI_GEMINI_BAD_BODY, /* 2xx whose body is not a JSON object */
    AI_GEMINI_NETWORK   /* no HTTP answer at all (set by the caller, never by the parser) */
} ai_gemini_kind_t;

typedef struct st_ai_gemini_result_t {
    ai_gemini_kind_t kind;
    char *text;             /* AI_GEMINI_OK: the concatenated non-thought text parts, trimmed; owned (dispose) */
    long http_status;       /* as given to the parser */
    char code[40];          /* for wa:dlq error_code: Google status ("RESOURCE_EXHAUSTED") or the HTTP status,
                             * blockReason, finishReason; "" when OK */
    char finish_reason[40]; /* candidates[0].finishReason as sent ("" when absent) */
    char detail[256];       /* short human text for operators; never the prompt or the answer */
    int retryable;          /* a transient failure (HTTP 408/429/500/502/503/504) worth retrying later */
    long retry_after_ms;    /* RetryInfo.retryDelay when given, else 0 */
    int quota_daily;        /* a 429 whose QuotaFailure names a per-day quota (quotaId containing "PerDay"): not
                             * retryable, no try helps before the quota resets */
    long prompt_tokens;     /* usage (usageMetadata / usage) when the answer carried it, else 0 */
    long output_tokens;     /* candidates + thoughts tokens (completion_tokens) */
    long total_tokens;
} ai_gemini_result_t;

/* Parses a generateContent answer. `body` need not be NUL-terminated; NULL/0 is an empty body. Always fills `res`
 * (which the caller disposes); returns 0 when res->kind is AI_GEMINI_OK, -1 otherwise. MAX_TOKENS with text is OK. */
int ai_gemini_response_parse(long http_status, const char *body, size_t len, ai_gemini_result_t *res);

/* Frees res->text. Safe on a zeroed or already disposed result. */
void ai_gemini_result_dispose(ai_gemini_result_t *res);

/* A short lowercase name of a kind ("ok", "blocked", "finish", "empty", "http", "bad_body", "network"). */
const char *ai_gemini_kind_name(ai_gemini_kind_t kind);

#endif
