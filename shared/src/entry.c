/*
 * Stream entry views and command building (wa/entry.h): single commands
 * (wa_cmd_t) and batches of them (wa_pipe_t, sent by wa_pipe_flush in
 * redis.c). Pure: no I/O, so the encodings of wa:out and wa:ai are
 * unit-tested without Redis.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cjson/cJSON.h>
#include "wa/entry.h"
#include "wa/log.h"

const char *wa_entry_get(const wa_entry_t *e, const char *name, size_t *len)
{
    size_t nl = strlen(name);
    for (size_t i = 0; i < e->nfields; i++) {
        if (e->fields[i].name_len == nl && memcmp(e->fields[i].name, name, nl) == 0) {
            if (len != NULL)
                *len = e->fields[i].value_len;
            return e->fields[i].value;
        }
    }
    return NULL;
}

char *wa_entry_copy(wa_entry_t *dst, const wa_entry_t *src)
{
    size_t total = 1;
    for (size_t i = 0; i < src->nfields; i++)
        total += src->fields[i].name_len + src->fields[i].value_len + 2;
    char *buf = wa_calloc(1, total), *p = buf; /* zeroed: every copy ends with its NUL */
    *dst = *src;
    for (size_t i = 0; i < src->nfields; i++) {
        wa_field_t *f = &dst->fields[i];
        memcpy(p, src->fields[i].name, src->fields[i].name_len);
        f->name = p;
        p += f->name_len + 1;
        memcpy(p, src->fields[i].value, src->fields[i].value_len);
        f->value = p;
        p += f->value_len + 1;
    }
    return buf;
}

void wa_cmd_init(wa_cmd_t *c)
{
    c->argc = 0;
    c->nnum = 0;
    c->overflow = 0;
}

void wa_cmd_arg(wa_cmd_t *c, const char *s, size_t len)
{
    if (c->argc >= WA_CMD_MAX_ARGS) {
        c->overflow = 1;
        return;
    }
    c->argv[c->argc] = s != NULL ? s : "";
    c->argvlen[c->argc] = s != NULL ? len : 0;
    c->argc++;
}

void wa_cmd_args(wa_cmd_t *c, const char *s)
{
    wa_cmd_arg(c, s, s != NULL ? strlen(s) : 0);
}

void wa_cmd_argl(wa_cmd_t *c, long long v)
{
    if (c->nnum >= (int)(sizeof(c->numbuf) / sizeof(c->numbuf[0]))) {
        c->overflow = 1;
        return;
    }
    char *buf = c->numbuf[c->nnum++];
    int n = snprintf(buf, sizeof(c->numbuf[0]), "%lld", v);
    wa_cmd_arg(c, buf, (size_t)n);
}

void wa_cmd_field(wa_cmd_t *c, const char *name, const char *value)
{
    wa_cmd_args(c, name);
    wa_cmd_args(c, value);
}

wa_cmd_t *wa_pipe_add(wa_pipe_t *p, const char *what)
{
    size_t cap = p->cap;
    p->cmds = wa_grow(p->cmds, &cap, p->n + 1, sizeof(*p->cmds));
    p->whats = wa_grow(p->whats, &p->cap, p->n + 1, sizeof(*p->whats));
    p->cmds[p->n] = wa_malloc(sizeof(wa_cmd_t));
    wa_cmd_init(p->cmds[p->n]);
    p->whats[p->n] = what;
    return p->cmds[p->n++];
}

void wa_pipe_drop_last(wa_pipe_t *p)
{
    if (p->n > 0)
        free(p->cmds[--p->n]);
}

const char *wa_pipe_keep(wa_pipe_t *p, char *s)
{
    p->owned = wa_grow(p->owned, &p->capowned, p->nowned + 1, sizeof(*p->owned));
    p->owned[p->nowned++] = s;
    return s;
}

const char *wa_pipe_copy(wa_pipe_t *p, const char *s)
{
    return wa_pipe_keep(p, wa_strdup(s != NULL ? s : ""));
}

void wa_pipe_dispose(wa_pipe_t *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->cmds[i]);
    for (size_t i = 0; i < p->nowned; i++)
        free(p->owned[i]);
    free(p->cmds);
    free(p->whats);
    free(p->owned);
    memset(p, 0, sizeof(*p));
}

/* Reads a field into *dst, "" when absent. Returns 1 when present and non-empty. */
static int take(const wa_entry_t *e, const char *name, const char **dst)
{
    size_t len = 0;
    const char *v = wa_entry_get(e, name, &len);
    *dst = v != NULL ? v : "";
    return v != NULL && len != 0;
}

int wa_out_msg_decode(const wa_entry_t *e, wa_out_msg_t *m, const char **missing)
{
    static const char *none = NULL;
    const char **miss = missing != NULL ? missing : &none;
    *miss = NULL;
    int ok_out = take(e, "out_id", &m->out_id), ok_doc = take(e, "doctor_id", &m->doctor_id),
        ok_to = take(e, "to", &m->to), ok_kind = take(e, "kind", &m->kind), ok_msg = take(e, "message", &m->message);
    take(e, "reply_to", &m->reply_to);
    take(e, "source", &m->source);
    take(e, "created_at", &m->created_at);
    if (!take(e, "attempt", &m->attempt))
        m->attempt = "0";
    if (!ok_out)
        *miss = "out_id";
    else if (!ok_doc)
        *miss = "doctor_id";
    else if (!ok_to)
        *miss = "to";
    else if (!ok_kind)
        *miss = "kind";
    else if (!ok_msg)
        *miss = "message";
    return *miss == NULL ? 0 : -1;
}

void wa_out_msg_xadd(wa_cmd_t *c, const char *stream, const wa_out_msg_t *m)
{
    wa_cmd_args(c, "XADD");
    wa_cmd_args(c, stream);
    wa_cmd_args(c, "*");
    wa_cmd_field(c, "out_id", m->out_id);
    wa_cmd_field(c, "doctor_id", m->doctor_id);
    wa_cmd_field(c, "to", m->to);
    wa_cmd_field(c, "kind", m->kind);
    wa_cmd_field(c, "message", m->message);
    wa_cmd_field(c, "reply_to", m->reply_to);
    wa_cmd_field(c, "source", m->source);
    wa_cmd_field(c, "created_at", m->created_at);
    wa_cmd_field(c, "attempt", m->attempt != NULL && m->attempt[0] != '\0' ? m->attempt : "0");
}

int wa_ai_req_decode(const wa_entry_t *e, wa_ai_req_t *r, const char **missing)
{
    static const char *none = NULL;
    const char **miss = missing != NULL ? missing : &none;
    *miss = NULL;
    int ok_doc = take(e, "doctor_id", &r->doctor_id), ok_to = take(e, "to", &r->to),
        ok_wamid = take(e, "wamid", &r->wamid), ok_text = take(e, "text", &r->text);
    take(e, "patient_id", &r->patient_id);
    take(e, "lang", &r->lang);
    take(e, "created_at", &r->created_at);
    take(e, "kb_context", &r->kb_context);
    take(e, "kb_candidates", &r->kb_candidates);
    take(e, "kb_lexical", &r->kb_lexical);
    if (!ok_doc)
        *miss = "doctor_id";
    else if (!ok_to)
        *miss = "to";
    else if (!ok_wamid)
        *miss = "wamid";
    else if (!ok_text)
        *miss = "text";
    return *miss == NULL ? 0 : -1;
}

void wa_ai_req_xadd(wa_cmd_t *c, const char *stream, const wa_ai_req_t *r)
{
    wa_cmd_args(c, "XADD");
    wa_cmd_args(c, stream);
    wa_cmd_args(c, "*");
    wa_cmd_field(c, "doctor_id", r->doctor_id);
    wa_cmd_field(c, "patient_id", r->patient_id);
    wa_cmd_field(c, "to", r->to);
    wa_cmd_field(c, "wamid", r->wamid);
    wa_cmd_field(c, "text", r->text);
    wa_cmd_field(c, "lang", r->lang);
    wa_cmd_field(c, "created_at", r->created_at);
    wa_cmd_field(c, "kb_context", r->kb_context);
    if (r->kb_candidates != NULL && r->kb_candidates[0] != '\0') {
        wa_cmd_field(c, "kb_candidates", r->kb_candidates);
        wa_cmd_field(c, "kb_lexical", r->kb_lexical != NULL ? r->kb_lexical : "");
    }
}

char *wa_text_message_json(const char *body)
{
    cJSON *root = cJSON_CreateObject(), *text;
    if (root == NULL || cJSON_AddStringToObject(root, "type", "text") == NULL ||
        (text = cJSON_AddObjectToObject(root, "text")) == NULL ||
        cJSON_AddStringToObject(text, "body", body != NULL ? body : "") == NULL)
        wa_fatal("out of memory");
    char *s = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    if (s == NULL)
        wa_fatal("out of memory");
    return s;
}

long long wa_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

long long wa_mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

wa_out_msg_t wa_out_msg_manual(const char *out_id, const char *doctor_id, const char *to, const char *kind,
                               const char *message, const char *created_at)
{
    return (wa_out_msg_t){.out_id = out_id,
                          .doctor_id = doctor_id,
                          .to = to,
                          .kind = kind,
                          .message = message,
                          .reply_to = "",
                          .source = "manual",
                          .created_at = created_at,
                          .attempt = "0"};
}
