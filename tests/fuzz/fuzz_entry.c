/*
 * Fuzz target: stream entry decoding (shared/include/wa/entry.h). The input is cut at NUL bytes into alternating
 * field names and values, as an XREADGROUP reply would hand them over (each NUL-terminated, as hiredis does), at
 * most WA_ENTRY_MAX_FIELDS pairs. The entry is decoded as a wa:out message and as a wa:ai request; whatever
 * decodes is encoded back with the matching XADD builder and decoded again, which must give the same values.
 */
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"
#include "wa/entry.h"

static void fz_entry_from_cmd(const wa_cmd_t *c, wa_entry_t *e)
{
    memset(e, 0, sizeof(*e));
    strcpy(e->id, "1-0");
    e->stream = "wa:fuzz";
    e->deliveries = 1;
    for (int i = 3; i + 1 < c->argc && e->nfields < WA_ENTRY_MAX_FIELDS; i += 2) {
        wa_field_t *f = &e->fields[e->nfields++];
        f->name = c->argv[i], f->name_len = c->argvlen[i];
        f->value = c->argv[i + 1], f->value_len = c->argvlen[i + 1];
    }
}

static int fz_same(const char *a, const char *b)
{
    return strcmp(a != NULL ? a : "", b != NULL ? b : "") == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wa_entry_t e;
    memset(&e, 0, sizeof(e));
    strcpy(e.id, "1-0");
    e.stream = "wa:fuzz";
    e.deliveries = 1;
    char *owned[2 * WA_ENTRY_MAX_FIELDS];
    size_t nowned = 0;
    const uint8_t *piece;
    size_t len;
    while (e.nfields < WA_ENTRY_MAX_FIELDS && fz_next(&data, &size, 0, &piece, &len)) {
        char *name = fz_strndup(piece, len);
        owned[nowned++] = name;
        const uint8_t *val = (const uint8_t *)"";
        size_t vlen = 0;
        fz_next(&data, &size, 0, &val, &vlen);
        char *value = fz_strndup(val, vlen);
        owned[nowned++] = value;
        wa_field_t *f = &e.fields[e.nfields++];
        f->name = name, f->name_len = len, f->value = value, f->value_len = vlen;
    }

    size_t vl;
    (void)wa_entry_get(&e, "body", &vl);
    (void)wa_entry_get(&e, "", &vl);

    const char *missing = NULL;
    wa_out_msg_t m;
    if (wa_out_msg_decode(&e, &m, &missing) == 0) {
        wa_cmd_t c;
        wa_cmd_init(&c);
        wa_out_msg_xadd(&c, "wa:out", &m);
        if (!c.overflow) {
            wa_entry_t e2;
            wa_out_msg_t m2;
            fz_entry_from_cmd(&c, &e2);
            if (wa_out_msg_decode(&e2, &m2, &missing) != 0 || !fz_same(m.out_id, m2.out_id) ||
                !fz_same(m.to, m2.to) || !fz_same(m.message, m2.message) || !fz_same(m.kind, m2.kind) ||
                !fz_same(m.reply_to, m2.reply_to) || !fz_same(m.attempt, m2.attempt))
                abort();
        }
    } else if (missing == NULL) {
        abort(); /* a refusal names the missing field */
    }

    wa_ai_req_t r;
    missing = NULL;
    if (wa_ai_req_decode(&e, &r, &missing) == 0) {
        wa_cmd_t c;
        wa_cmd_init(&c);
        wa_ai_req_xadd(&c, "wa:ai", &r);
        if (!c.overflow) {
            wa_entry_t e2;
            wa_ai_req_t r2;
            fz_entry_from_cmd(&c, &e2);
            if (wa_ai_req_decode(&e2, &r2, &missing) != 0 || !fz_same(r.wamid, r2.wamid) ||
                !fz_same(r.text, r2.text) || !fz_same(r.to, r2.to) || !fz_same(r.kb_context, r2.kb_context))
                abort();
        }
    } else if (missing == NULL) {
        abort();
    }

    /* the text message builder gets the last value as a body */
    if (e.nfields > 0) {
        char *json = wa_text_message_json(e.fields[e.nfields - 1].value);
        if (json == NULL)
            abort();
        free(json);
    }
    for (size_t i = 0; i < nowned; i++)
        free(owned[i]);
    return 0;
}
