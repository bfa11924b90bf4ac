/*
 * Input validation of the dashboard's API (services/dashboard), free of I/O so
 * that unit tests call it directly: a request body in, either the normalised
 * fields to store or, per field, what is wrong (the API answers 422 with
 * them). The clinic settings' fields and checks are libwa's (wa/settings.h),
 * shared with wactl.
 */
#ifndef dash__validate_h
#define dash__validate_h

#include <cjson/cJSON.h>
#include "wa/settings.h"

/* Validates a knowledge-base entry (question, examples, keywords, answer, lang, enabled). `creating`: question and
 * answer are required. Returns the accepted fields (caller deletes) or NULL with `errors` filled. */
cJSON *dash_validate_kb(const cJSON *in, int creating, cJSON *errors);

#endif
