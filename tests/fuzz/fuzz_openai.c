/*
 * Fuzz target: the OpenAI-compatible Chat Completions answer of the ai service (services/ai/openai.h, API_REFERENCE.md
 * B.2), the path taken with a self-hosted model. The first byte chooses an HTTP status (a 2xx most of the time);
 * the rest is the body for ai_openai_response_parse, whose result must keep the same promises as the Gemini
 * parser's: fixed-size strings terminated, text present exactly when the kind is OK, dispose idempotent.
 */
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"
#include "gemini.h"
#include "openai.h"

static void fz_check_str(const char *s, size_t cap)
{
    if (memchr(s, '\0', cap) == NULL)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    static const long statuses[] = {200, 200, 200, 200, 201, 400, 401, 404, 429, 500, 503, 504, 302, 0};
    long status = statuses[data[0] % (sizeof(statuses) / sizeof(statuses[0]))];
    data += 1, size -= 1;

    ai_gemini_result_t res;
    memset(&res, 0xAB, sizeof(res));
    res.text = NULL;
    int rc = ai_openai_response_parse(status, size > 0 ? (const char *)data : NULL, size, &res);
    fz_check_str(res.code, sizeof(res.code));
    fz_check_str(res.finish_reason, sizeof(res.finish_reason));
    fz_check_str(res.detail, sizeof(res.detail));
    if ((rc == 0) != (res.kind == AI_GEMINI_OK))
        abort();
    if (res.kind == AI_GEMINI_OK && res.text == NULL)
        abort();
    if (res.text != NULL)
        (void)strlen(res.text);
    ai_gemini_result_dispose(&res);
    ai_gemini_result_dispose(&res);
    return 0;
}
