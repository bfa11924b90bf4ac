/*
 * Fuzz target: the router's webhook parser (services/router/webhook.h). Any bytes, as a POST body Meta (or an
 * attacker with the app secret) could send, go through rt_webhook_parse; on success every exposed string of every
 * change, message and status is read to its end (so ASan sees a dangling or unterminated one), each change is
 * re-serialised with rt_webhook_change_json, and the struct is parsed into a second time after dispose, as the
 * router reuses it. Then rt_webhook_parse_max with a small bound: no more than the bound is kept, the cut part
 * parses on its own, and kept plus cut is what the unbounded parse found.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"
#include "webhook.h"

static size_t fz_touch(const char *s)
{
    return s != NULL ? strlen(s) : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rt_webhook_t w;
    char err[128];
    size_t sum = 0;
    for (int round = 0; round < 2; round++) {
        if (rt_webhook_parse((const char *)data, size, &w, err, sizeof(err)) != 0) {
            sum += fz_touch(err);
            rt_webhook_dispose(&w);
            break;
        }
        sum += fz_touch(w.note);
        for (size_t i = 0; i < w.nchanges; i++) {
            const rt_change_t *c = &w.changes[i];
            sum += fz_touch(c->entry_id) + fz_touch(c->field) + fz_touch(c->display_phone_number) +
                   fz_touch(c->phone_number_id) + fz_touch(c->error_code) + fz_touch(c->error_title) +
                   fz_touch(c->value_json);
            for (size_t j = 0; j < c->nmessages; j++) {
                const rt_message_t *m = &c->messages[j];
                sum += fz_touch(m->id) + fz_touch(m->from) + fz_touch(m->from_user_id) + fz_touch(m->timestamp) +
                       fz_touch(m->type) + fz_touch(m->wire_type) + fz_touch(m->profile_name) + fz_touch(m->text) +
                       fz_touch(m->context_id) + fz_touch(m->error_code) + fz_touch(m->error_title) +
                       fz_touch(m->json) + fz_touch(rt_msg_kind_name(m->kind));
                if (m->id == NULL || m->type == NULL || m->json == NULL)
                    abort(); /* the header promises these */
                if (rt_msg_kind_parse(m->type) != m->kind)
                    abort();
            }
            for (size_t j = 0; j < c->nstatuses; j++) {
                const rt_status_t *st = &c->statuses[j];
                if (st->id == NULL || st->status == NULL)
                    abort();
                sum += fz_touch(st->id) + fz_touch(st->status) + fz_touch(st->timestamp) +
                       fz_touch(st->recipient_id) + fz_touch(st->error_code) + fz_touch(st->error_title);
            }
            if (c->field == NULL)
                abort();
            char *json = rt_webhook_change_json(c);
            if (json == NULL)
                abort();
            sum += strlen(json);
            free(json);
        }
        rt_webhook_dispose(&w);
    }
    /* the bound of WA_MAX_MESSAGES_PER_WEBHOOK */
    if (rt_webhook_parse((const char *)data, size, &w, err, sizeof(err)) == 0) {
        size_t all = w.nmessages + w.nstatuses, max = size % 4 + 1;
        rt_webhook_t cut, rest;
        rt_webhook_dispose(&w);
        if (rt_webhook_parse_max((const char *)data, size, max, &cut, err, sizeof(err)) != 0)
            abort(); /* the same bytes parsed unbounded */
        if (cut.nmessages + cut.nstatuses > max || (cut.excess == NULL) != (cut.nexcess == 0))
            abort();
        size_t kept = cut.nmessages + cut.nstatuses;
        if (cut.excess != NULL) {
            if (rt_webhook_parse(cut.excess, strlen(cut.excess), &rest, err, sizeof(err)) != 0)
                abort();
            kept += rest.nmessages + rest.nstatuses;
            rt_webhook_dispose(&rest);
        }
        if (kept != all)
            abort();
        rt_webhook_dispose(&cut);
    } else {
        rt_webhook_dispose(&w);
    }
    /* keep the reads observable */
    if (sum == (size_t)-1)
        puts("");
    return 0;
}
