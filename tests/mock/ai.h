/*
 * The mock model APIs of wa-mock: Gemini generateContent /
 * streamGenerateContent and the models list (API_REFERENCE.md B.1), and the
 * OpenAI-compatible chat completions and models list (B.2). Key checks,
 * unknown models, scripted errors (JSON or a raw HTML page) and the
 * configured answer text, finish reason and prompt block. Called by
 * dispatch.c with the state lock held; pure.
 */
#ifndef mock__ai_h
#define mock__ai_h

#include <stdint.h>

#include "mock.h"

/* Answer one /v1beta/... request into `res` (initialised by the caller); may consume scripted errors. */
void mock_gemini_handle(mock_state_t *st, const mock_req_t *req, int64_t now_ms, mock_res_t *res);
/* Answer one OpenAI-compatible request (/v1/..., /v1beta/openai/..., .../chat/completions). */
void mock_openai_handle(mock_state_t *st, const mock_req_t *req, int64_t now_ms, mock_res_t *res);

#endif
