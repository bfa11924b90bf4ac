/*
 * Provider configuration and per-call request preparation (see provider.h). Secrets live only in the auth header
 * string, which is wiped on dispose and never logged; URLs carry no key.
 */
#include "provider.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "openai.h"
#include "wa/http.h"
#include "wa/log.h"

#define OPENAI_BASE_DEFAULT "http://127.0.0.1:11434/v1"
#define OPENAI_MODEL_DEFAULT "llama3.1:8b"

/* A range-checked number from the environment, at start (wa_env_range prints what is refused). 0 or -1. */
static int env_long(const char *name, long def, long min, long max, long *out)
{
    int ok = 1;
    *out = (long)wa_env_range(name, def, min, max, &ok);
    return ok ? 0 : -1;
}

static char *header(const char *prefix, const char *secret)
{
    size_t n = strlen(prefix) + strlen(secret) + 1;
    char *h = wa_malloc(n);
    snprintf(h, n, "%s%s", prefix, secret);
    return h;
}

int ai_provider_init(ai_provider_t *p, const wa_config_t *cfg)
{
    memset(p, 0, sizeof(*p));
    const char *kind = wa_env_str("AI_PROVIDER", "gemini");
    if (strcmp(kind, "gemini") == 0) {
        p->kind = AI_PROVIDER_GEMINI;
        p->name = "gemini";
        p->base_url = cfg->gemini_url;
        p->model = wa_env_str("AI_MODEL", cfg->gemini_model);
        p->url = ai_gemini_url(p->base_url, p->model);
        if (cfg->gemini_api_key != NULL && cfg->gemini_api_key[0] != '\0') {
            p->enabled = 1;
            p->auth_header = header("x-goog-api-key: ", cfg->gemini_api_key);
        }
    } else if (strcmp(kind, "openai") == 0) {
        p->kind = AI_PROVIDER_OPENAI;
        p->name = "openai";
        p->enabled = 1; /* self-hosted servers need no key */
        p->base_url = wa_env_str("OPENAI_BASE_URL", OPENAI_BASE_DEFAULT);
        p->model = wa_env_str("AI_MODEL", wa_env_str("OPENAI_MODEL", OPENAI_MODEL_DEFAULT));
        p->url = ai_openai_url(p->base_url);
        /* Ollama wants a non-empty dummy key; servers without --api-key ignore it */
        p->auth_header = header("Authorization: Bearer ", wa_env_str("OPENAI_API_KEY", "none"));
    } else {
        wa_error("AI_PROVIDER must be gemini or openai", "value", kind);
        return -1;
    }
    const char *temp = wa_env_str("AI_TEMPERATURE", "0.3");
    char *end;
    p->temperature = strtod(temp, &end);
    if (*end != '\0' || p->temperature < 0 || p->temperature > 2) {
        wa_error("invalid value of an environment variable", "variable", "AI_TEMPERATURE", "range", "0..2");
        ai_provider_dispose(p);
        return -1;
    }
    long attempts = 0, breaker = 0;
    p->timeout_ms = cfg->ai_timeout_ms;
    if (env_long("AI_MAX_OUTPUT_TOKENS", AI_DEFAULT_MAX_TOKENS, 1, 65536, &p->max_tokens) != 0 ||
        env_long("AI_RETRY_MAX_ATTEMPTS", 5, 1, 20, &attempts) != 0 ||
        env_long("AI_RETRY_BASE_MS", 1000, 1, 600000, &p->retry.base_ms) != 0 ||
        env_long("AI_RETRY_MAX_DELAY_MS", 30000, 1, 3600000, &p->retry.max_delay_ms) != 0 ||
        env_long("AI_RETRY_BUDGET_MS", 60000, 0, 3600000, &p->retry.budget_ms) != 0 ||
        env_long("AI_BREAKER_FAILURES", 5, 1, 1000000, &breaker) != 0 ||
        env_long("AI_BREAKER_OPEN_MS", 30000, 1, 3600000, &p->breaker_open_ms) != 0 ||
        env_long("AI_BREAKER_QUOTA_OPEN_MS", 900000, 1, 86400000, &p->retry.quota_open_ms) != 0) {
        ai_provider_dispose(p);
        return -1;
    }
    p->retry.max_attempts = (int)attempts;
    p->breaker_failures = (int)breaker;
    return 0;
}

void ai_provider_dispose(ai_provider_t *p)
{
    free(p->url);
    if (p->auth_header != NULL) {
        memset(p->auth_header, 0, strlen(p->auth_header));
        free(p->auth_header);
    }
    p->url = p->auth_header = NULL;
}

char *ai_provider_prepare(const ai_provider_t *p, const ai_prompt_t *prompt, const char *model_override,
                          ai_call_t *call, char **url_owned)
{
    int override = model_override != NULL && model_override[0] != '\0';
    const char *model = override ? model_override : p->model;
    char *body;
    *url_owned = NULL;
    call->url = p->url;
    if (p->kind == AI_PROVIDER_GEMINI) {
        body = ai_gemini_request_build_prompt(prompt);
        if (override) {
            *url_owned = ai_gemini_url(p->base_url, model);
            call->url = *url_owned;
        }
    } else {
        body = ai_openai_request_build(prompt, model);
    }
    call->body = body;
    call->timeout_ms = p->timeout_ms;
    call->headers[0] = "Content-Type: application/json";
    call->headers[1] = p->auth_header;
    call->headers[2] = NULL;
    return body;
}

ai_parse_cb ai_provider_parser(const ai_provider_t *p)
{
    return p->kind == AI_PROVIDER_GEMINI ? ai_gemini_response_parse : ai_openai_response_parse;
}

static const char *bare(const char *name)
{
    return strncmp(name, "models/", 7) == 0 ? name + 7 : name;
}

int ai_provider_models_has(const char *json, size_t len, const char *model)
{
    cJSON *root = json != NULL ? cJSON_ParseWithLength(json, len) : NULL;
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, "models");
    const char *field = "name";
    if (!cJSON_IsArray(list)) {
        list = cJSON_GetObjectItemCaseSensitive(root, "data");
        field = "id";
    }
    if (!cJSON_IsArray(list)) {
        cJSON_Delete(root);
        return -1;
    }
    int found = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, list)
    {
        const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, field));
        if (name != NULL && strcmp(bare(name), bare(model)) == 0) {
            found = 1;
            break;
        }
    }
    cJSON_Delete(root);
    return found;
}

int ai_provider_check_model(const ai_provider_t *p, long timeout_ms)
{
    size_t blen = strlen(p->base_url);
    while (blen > 0 && p->base_url[blen - 1] == '/')
        blen--;
    char url[1024];
    snprintf(url, sizeof(url), "%.*s/models", (int)blen, p->base_url);
    wa_http_t *h = wa_http_create(1);
    if (h == NULL)
        return -1;
    wa_http_req_t req;
    wa_http_req_init(&req, "GET", url, timeout_ms);
    req.headers[0] = p->auth_header;
    req.headers[1] = NULL;
    wa_http_req_t *reqs[1] = {&req};
    int rc = -1;
    char status[24];
    if (wa_http_run(h, reqs, 1) == 0 && req.curl_code == 0 && req.status == 200)
        rc = ai_provider_models_has(req.resp, req.resp_len, p->model);
    snprintf(status, sizeof(status), "%ld", req.status);
    if (rc == 1)
        wa_info("model check: the configured model is listed by the provider", "provider", p->name, "model", p->model);
    else if (rc == 0)
        wa_error("model check: the configured model is NOT listed by the provider; calls will likely fail with 404 "
                 "(set AI_MODEL / GEMINI_MODEL to a listed model)",
                 "provider", p->name, "model", p->model);
    else
        wa_warn("model check: the provider's model list could not be read; the model is not verified", "provider",
                p->name, "model", p->model, "http_status", status, "error", req.error[0] ? req.error : NULL);
    wa_http_req_dispose(&req);
    wa_http_destroy(h);
    return rc;
}
