/*
 * The model provider the ai service calls, from the environment:
 * AI_PROVIDER=gemini (generateContent, API key header) or openai (any
 * OpenAI-compatible chat completions server: Ollama, llama.cpp, vLLM), the
 * model, base URL, key, temperature, output token limit, the retry policy and
 * the circuit breaker settings. It builds the URL, headers and body of one
 * call for either wire format, and checks at start-up that the configured
 * model is in the provider's model list. Used by ai.c and main.c.
 */
#ifndef ai__provider_h
#define ai__provider_h

#include "calls.h"
#include "gemini.h"
#include "wa/config.h"

typedef enum en_ai_provider_kind_t { AI_PROVIDER_GEMINI = 0, AI_PROVIDER_OPENAI } ai_provider_kind_t;

typedef struct st_ai_provider_t {
    ai_provider_kind_t kind;
    const char *name;     /* "gemini" or "openai" */
    int enabled;          /* gemini: an API key is set; openai: always */
    const char *base_url; /* GEMINI_URL or OPENAI_BASE_URL */
    const char *model;    /* AI_MODEL, else GEMINI_MODEL (gemini) or OPENAI_MODEL */
    char *url;            /* the call URL for `model` */
    char *auth_header;    /* "x-goog-api-key: ..." or "Authorization: Bearer ..."; never logged; NULL without key */
    double temperature;   /* AI_TEMPERATURE, default 0.3 */
    long max_tokens;      /* AI_MAX_OUTPUT_TOKENS, default 1024 */
    long timeout_ms;      /* AI_TIMEOUT_MS */
    ai_retry_policy_t retry;
    int breaker_failures; /* AI_BREAKER_FAILURES */
    long breaker_open_ms; /* AI_BREAKER_OPEN_MS */
} ai_provider_t;

/* Reads the environment (and cfg for the variables libwa already reads). Returns 0, or -1 with a log line naming the
 * variable with an invalid value. Dispose with ai_provider_dispose. */
int ai_provider_init(ai_provider_t *p, const wa_config_t *cfg);
void ai_provider_dispose(ai_provider_t *p);

/* Fills the request fields of `call` (url, headers, timeout) and returns the body for `prompt`, with `model_override`
 * (a doctor's "ai_model", NULL or "" = the configured one). The body and, with an override, *url_owned (the call's
 * URL) are owned by the caller (free both; *url_owned may be NULL). */
char *ai_provider_prepare(const ai_provider_t *p, const ai_prompt_t *prompt, const char *model_override,
                          ai_call_t *call, char **url_owned);

/* The parser for the provider's wire format. */
ai_parse_cb ai_provider_parser(const ai_provider_t *p);

/* Checks at start-up that the model is listed by the provider (GET <base>/models). Returns 1 listed, 0 not listed,
 * -1 the list could not be read (unreachable, refused, unparseable); logs one clear line either way. Blocking, at
 * most `timeout_ms`. */
int ai_provider_check_model(const ai_provider_t *p, long timeout_ms);

/* Pure: whether the JSON text of a models list (Gemini {"models":[{"name":"models/x"}]} or OpenAI
 * {"data":[{"id":"x"}]}) names `model` (a leading "models/" ignored on both sides). 1 yes, 0 no, -1 not a list. */
int ai_provider_models_has(const char *json, size_t len, const char *model);

#endif
