/*
 * The clinic's settings through the API (services/dashboard): GET and PATCH
 * /api/v1/settings over libwa's wa/settings.h, which holds the fields, their
 * validation and the audited update, so that `wactl settings` stores exactly
 * what the API would.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wa/log.h"
#include "wa/settings.h"
#include "api.h"
#include "http.h"

void dash_settings_get(dash_call_t *c)
{
    int found;
    char *json = wa_settings_read(c->w->pg, c->tenant, &found);
    if (json == NULL) {
        if (!found)
            dash_reply_error(c->req, 404, "not_found", "no such clinic", NULL);
        else
            dash_reply_unavailable(c);
        return;
    }
    dash_reply_raw(c->req, 200, json, strlen(json));
    free(json);
}

void dash_settings_patch(dash_call_t *c)
{
    cJSON *errors = cJSON_CreateObject();
    char *after = NULL, actor[300];
    const char *ap[3];

    if (errors == NULL)
        wa_fatal("out of memory");
    /* whoever requires two-step sign-in for the clinic uses it first: otherwise their own session would at once be
     * limited to enrolling (see api.c) in the middle of changing settings */
    if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c->body, "require_totp")) && c->who.kind == DASH_BY_SESSION &&
        !c->who.totp_enabled) {
        cJSON_Delete(errors);
        dash_reply_error(c->req, 409, "totp_enrol_first",
                         "turn on your own two-step sign-in before requiring it for the clinic", NULL);
        return;
    }
    dash_actor_params(c, ap, actor, sizeof(actor));
    switch (wa_settings_update(c->w->pg, c->tenant, c->body, ap[0], ap[1], ap[2], errors, &after)) {
    case WA_SETTINGS_OK:
        dash_reply_raw(c->req, 200, after, strlen(after));
        break;
    case WA_SETTINGS_INVALID:
        dash_reply_error(c->req, 422, "invalid", "some settings are invalid", errors);
        errors = NULL; /* dash_reply_error took it */
        break;
    default:
        dash_reply_unavailable(c);
        break;
    }
    cJSON_Delete(errors);
    free(after);
}
