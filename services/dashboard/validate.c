/*
 * Validation of API input (see validate.h), with libwa's field checks
 * (wa/settings.h). Lengths are counted in bytes of UTF-8, which bounds
 * storage; the limits are generous for any script.
 */
#include "validate.h"

#include <stdio.h>
#include <string.h>

#include "wa/log.h"

static const wa_field_t kb_fields[] = {
    {"question", WA_F_STR, 0, 0, 1, 500, NULL}, {"answer", WA_F_STR, 0, 0, 1, 4096, NULL},
    {"keywords", WA_F_STR, 0, 1, 0, 500, NULL}, {"lang", WA_F_WORD, 0, 0, 2, 16, NULL},
    {"enabled", WA_F_BOOL, 0, 0, 0, 0, NULL},   {NULL, WA_F_STR, 0, 0, 0, 0, NULL},
};

cJSON *dash_validate_kb(const cJSON *in, int creating, cJSON *errors)
{
    cJSON *out = cJSON_CreateObject();
    const cJSON *v;
    if (out == NULL)
        wa_fatal("out of memory");
    cJSON_ArrayForEach(v, in)
    {
        if (strcmp(v->string, "examples") == 0) {
            const cJSON *e;
            int n = 0, okex = cJSON_IsArray(v);
            if (okex)
                cJSON_ArrayForEach(e, v)
                {
                    if (!cJSON_IsString(e) || e->valuestring[0] == '\0' || strlen(e->valuestring) > 500) {
                        okex = 0;
                        break;
                    }
                    n++;
                }
            if (!okex || n > 50)
                wa_field_error(errors, "examples", "must be a list of at most 50 questions of 1 to 500 characters");
            else if (!cJSON_AddItemToObject(out, "examples", cJSON_Duplicate(v, 1)))
                wa_fatal("out of memory");
            continue;
        }
        wa_field_check_named(kb_fields, v, out, errors);
    }
    if (creating) {
        if (cJSON_GetObjectItemCaseSensitive(in, "question") == NULL)
            wa_field_error(errors, "question", "required");
        if (cJSON_GetObjectItemCaseSensitive(in, "answer") == NULL)
            wa_field_error(errors, "answer", "required");
    } else if (cJSON_GetArraySize(in) == 0) {
        wa_field_error(errors, "body", "nothing to change");
    }
    if (cJSON_GetArraySize(errors) > 0) {
        cJSON_Delete(out);
        return NULL;
    }
    return out;
}
