/*
 * The OpenAI-compatible chat completions wire format (API_REFERENCE.md B.2),
 * for clinics that self-host a model (Ollama, llama.cpp, vLLM), kept free of
 * I/O like gemini.c: the request body from the same prompt (system message,
 * the conversation as user/assistant messages, the question), and the
 * response parsed into the same result type as Gemini's, so ai.c and the
 * retry loop (calls.c) treat both providers alike.
 */
#ifndef ai__openai_h
#define ai__openai_h

#include <stddef.h>

#include "gemini.h"

/* The chat completions URL: `base` (OPENAI_BASE_URL, e.g. "http://127.0.0.1:11434/v1", trailing slashes ignored) +
 * "/chat/completions". Owned by the caller (free()). */
char *ai_openai_url(const char *base);

/* The JSON text of a chat completions request for `model`: messages [system, turns as user/assistant (runs of one
 * side merged), user question], temperature, max_tokens, stream false. Owned by the caller (free()). Never NULL. */
char *ai_openai_request_build(const ai_prompt_t *p, const char *model);

/* Parses a chat completions answer (B.2.3, errors B.2.4: nested {"error":{...}} and vLLM's flat {"object":"error"}).
 * finish_reason "content_filter" is AI_GEMINI_FINISH; "stop", "length" and unknown reasons with text are OK.
 * Retryable: 408/429/500/502/503/504. Fills `res` (dispose it); returns 0 when OK, -1 otherwise. */
int ai_openai_response_parse(long http_status, const char *body, size_t len, ai_gemini_result_t *res);

#endif
