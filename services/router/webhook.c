/*
 * The router's webhook parser (see webhook.h): cJSON parses the body once, then one walk over entry[] ->
 * changes[] -> messages[] / statuses[] / errors[] fills flat arrays whose strings point into the tree. Values that
 * Meta documents as strings but may send as numbers (ids, timestamps, error codes) are formatted into a small arena
 * owned by the result. Pure: no I/O and no logging, so that the unit tests and the fuzzer drive it directly.
 */
#include "webhook.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "wa/log.h"

static const char *const kind_names[RT_MSG__COUNT] = {
    [RT_MSG_TEXT] = "text",
    [RT_MSG_IMAGE] = "image",
    [RT_MSG_AUDIO] = "audio",
    [RT_MSG_VIDEO] = "video",
    [RT_MSG_DOCUMENT] = "document",
    [RT_MSG_STICKER] = "sticker",
    [RT_MSG_LOCATION] = "location",
    [RT_MSG_CONTACTS] = "contacts",
    [RT_MSG_INTERACTIVE] = "interactive",
    [RT_MSG_BUTTON] = "button",
    [RT_MSG_REACTION] = "reaction",
    [RT_MSG_ORDER] = "order",
    [RT_MSG_SYSTEM] = "system",
    [RT_MSG_UNSUPPORTED] = "unsupported",
    [RT_MSG_REQUEST_WELCOME] = "request_welcome",
    [RT_MSG_EDIT] = "edit",
    [RT_MSG_REVOKE] = "revoke",
    [RT_MSG_UNKNOWN] = "unknown",
};

const char *rt_msg_kind_name(rt_msg_kind_t kind)
{
    if ((int)kind < 0 || kind >= RT_MSG__COUNT)
        return "unknown";
    return kind_names[kind];
}

rt_msg_kind_t rt_msg_kind_parse(const char *type)
{
    if (type == NULL)
        return RT_MSG_UNKNOWN;
    for (int k = 0; k < RT_MSG_UNKNOWN; k++)
        if (strcmp(type, kind_names[k]) == 0)
            return (rt_msg_kind_t)k;
    return RT_MSG_UNKNOWN;
}

/* Keeps `s` (heap) until dispose; returns it. */
static const char *arena_keep(rt_webhook_t *w, char *s)
{
    if (w->narena == w->caparena) {
        size_t cap = w->caparena ? w->caparena * 2 : 16;
        char **a = wa_malloc(cap * sizeof(*a));
        if (w->narena)
            memcpy(a, w->arena, w->narena * sizeof(*a));
        free(w->arena);
        w->arena = a;
        w->caparena = cap;
    }
    w->arena[w->narena++] = s;
    return s;
}

/* The string value of obj[key]; a JSON number is formatted as an integer when it is one (ids and timestamps that
 * arrive unquoted), else with %.17g. Anything else (absent, null, object, empty string) gives NULL. */
static const char *get_str(rt_webhook_t *w, const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (cJSON_IsString(v))
        return v->valuestring[0] != '\0' ? v->valuestring : NULL;
    if (cJSON_IsNumber(v)) {
        char buf[40];
        double d = v->valuedouble;
        if (!isfinite(d))
            return NULL;
        if (d == floor(d) && fabs(d) < 1e18)
            snprintf(buf, sizeof(buf), "%.0f", d);
        else
            snprintf(buf, sizeof(buf), "%.17g", d);
        return arena_keep(w, wa_strdup(buf));
    }
    return NULL;
}

static const cJSON *get_obj(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsObject(v) ? v : NULL;
}

static const cJSON *get_arr(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsArray(v) ? v : NULL;
}

static void skip(rt_webhook_t *w, const char *what, size_t e, size_t c, size_t i)
{
    if (w->nskipped++ == 0)
        snprintf(w->note, sizeof(w->note), "%s (entry %zu change %zu item %zu)", what, e, c, i);
}

/* The first element of an errors[] array: code and title (title falls back to message). */
static size_t first_error(rt_webhook_t *w, const cJSON *holder, const char **code, const char **title)
{
    const cJSON *errs = get_arr(holder, "errors"), *e0;
    *code = *title = NULL;
    if (errs == NULL)
        return 0;
    e0 = cJSON_GetArrayItem(errs, 0);
    if (cJSON_IsObject(e0)) {
        *code = get_str(w, e0, "code");
        if ((*title = get_str(w, e0, "title")) == NULL)
            *title = get_str(w, e0, "message");
    }
    return (size_t)cJSON_GetArraySize(errs);
}

/* The answers of a completed WhatsApp Flow (interactive nfm_reply, A.2.4) as one readable line: "Form <name>: key:
 * value; key: value" from response_json (a JSON-encoded string, parsed again; flow_token left out), or the reply's
 * body when response_json is not an object. Kept in the arena. */
static const char *flow_reply_text(rt_webhook_t *w, const cJSON *r)
{
    const char *name = get_str(w, r, "name"), *body = get_str(w, r, "body");
    const cJSON *rj = cJSON_GetObjectItemCaseSensitive(r, "response_json"), *f;
    cJSON *answers = cJSON_IsString(rj) ? cJSON_Parse(rj->valuestring) : NULL;
    size_t cap = 1024, len = 0;
    char *out = wa_malloc(cap);
    int n = 0;

    len = (size_t)snprintf(out, cap, "Form%s%.100s:", name != NULL && strcmp(name, "flow") != 0 ? " " : "",
                           name != NULL && strcmp(name, "flow") != 0 ? name : "");
    const cJSON *list = cJSON_IsObject(answers) ? answers : NULL;
    cJSON_ArrayForEach(f, list)
    {
        char *v = NULL;
        if (f->string == NULL || strcmp(f->string, "flow_token") == 0)
            continue;
        if (!cJSON_IsString(f) && (v = cJSON_PrintUnformatted(f)) == NULL)
            wa_fatal("out of memory printing a Flow answer");
        const char *val = cJSON_IsString(f) ? f->valuestring : v;
        size_t need = strlen(f->string) + strlen(val) + 8;
        if (len + need >= cap) {
            while (len + need >= cap)
                cap *= 2;
            char *grown = wa_malloc(cap);
            memcpy(grown, out, len + 1);
            free(out);
            out = grown;
        }
        len += (size_t)snprintf(out + len, cap - len, "%s %s: %s", n++ > 0 ? ";" : "", f->string, val);
        cJSON_free(v);
    }
    cJSON_Delete(answers);
    if (n == 0)
        snprintf(out + len, cap - len, " %.200s", body != NULL ? body : "completed");
    return arena_keep(w, out);
}

/* The human text of a message object of kind `kind` (see rt_message_t.text). `depth` bounds the recursion through
 * edit.message. */
static const char *message_text(rt_webhook_t *w, const cJSON *m, rt_msg_kind_t kind, int depth)
{
    const cJSON *o;
    switch (kind) {
    case RT_MSG_TEXT:
        return (o = get_obj(m, "text")) != NULL ? get_str(w, o, "body") : NULL;
    case RT_MSG_IMAGE:
    case RT_MSG_VIDEO:
    case RT_MSG_DOCUMENT:
        return (o = get_obj(m, kind_names[kind])) != NULL ? get_str(w, o, "caption") : NULL;
    case RT_MSG_INTERACTIVE: {
        const cJSON *r;
        if ((o = get_obj(m, "interactive")) == NULL)
            return NULL; /* malformed/expired interactive: no object at all */
        if ((r = get_obj(o, "button_reply")) != NULL || (r = get_obj(o, "list_reply")) != NULL)
            return get_str(w, r, "title");
        if ((r = get_obj(o, "nfm_reply")) != NULL)
            return flow_reply_text(w, r);
        if ((r = get_obj(o, "call_permission_reply")) != NULL) {
            const char *resp = get_str(w, r, "response");
            char buf[128];
            snprintf(buf, sizeof(buf), "Call permission: %.64s", resp != NULL ? resp : "answered");
            return arena_keep(w, wa_strdup(buf));
        }
        return NULL;
    }
    case RT_MSG_BUTTON:
        return (o = get_obj(m, "button")) != NULL ? get_str(w, o, "text") : NULL;
    case RT_MSG_EDIT: {
        const cJSON *inner;
        if (depth > 0 || (o = get_obj(m, "edit")) == NULL || (inner = get_obj(o, "message")) == NULL)
            return NULL;
        const cJSON *t = cJSON_GetObjectItemCaseSensitive(inner, "type");
        rt_msg_kind_t ik = cJSON_IsString(t) ? rt_msg_kind_parse(t->valuestring) : RT_MSG_TEXT;
        return message_text(w, inner, ik, depth + 1);
    }
    default:
        return NULL;
    }
}

/* contacts[] profile name of the sender: the contact whose wa_id equals `from` (or whose user_id equals
 * `user_id`), else the first contact. Also returns that contact's user_id, and sets out->username and (when the
 * message had none) out->from_parent_user_id from it. */
static void match_contact(rt_webhook_t *w, const cJSON *contacts, const char *from, const char *user_id,
                          const char **name, const char **contact_user_id, rt_message_t *out)
{
    const cJSON *c, *hit = NULL, *first = NULL;
    *name = *contact_user_id = NULL;
    cJSON_ArrayForEach(c, contacts)
    {
        if (!cJSON_IsObject(c))
            continue;
        if (first == NULL)
            first = c;
        const char *wa_id = get_str(w, c, "wa_id"), *uid = get_str(w, c, "user_id");
        if ((from != NULL && wa_id != NULL && strcmp(from, wa_id) == 0) ||
            (user_id != NULL && uid != NULL && strcmp(user_id, uid) == 0)) {
            hit = c;
            break;
        }
    }
    if (hit == NULL)
        hit = first;
    if (hit != NULL) {
        const cJSON *profile = get_obj(hit, "profile");
        if (profile != NULL) {
            *name = get_str(w, profile, "name");
            out->username = get_str(w, profile, "username"); /* display only (A.9.7) */
        }
        *contact_user_id = get_str(w, hit, "user_id");
        if (out->from_parent_user_id == NULL)
            out->from_parent_user_id = get_str(w, hit, "parent_user_id");
    }
}

static int parse_message(rt_webhook_t *w, const cJSON *m, const cJSON *contacts, rt_message_t *out)
{
    const cJSON *ctx, *t;
    const char *contact_uid;

    memset(out, 0, sizeof(*out));
    if ((out->id = get_str(w, m, "id")) == NULL)
        return -1;
    out->from = get_str(w, m, "from");
    out->from_user_id = get_str(w, m, "from_user_id");
    out->from_parent_user_id = get_str(w, m, "from_parent_user_id");
    out->timestamp = get_str(w, m, "timestamp");
    t = cJSON_GetObjectItemCaseSensitive(m, "type");
    out->wire_type = cJSON_IsString(t) ? t->valuestring : NULL;
    out->kind = rt_msg_kind_parse(out->wire_type);
    out->type = rt_msg_kind_name(out->kind);
    match_contact(w, contacts, out->from, out->from_user_id, &out->profile_name, &contact_uid, out);
    if (out->from_user_id == NULL)
        out->from_user_id = contact_uid;
    out->text = message_text(w, m, out->kind, 0);
    if ((ctx = get_obj(m, "context")) != NULL)
        out->context_id = get_str(w, ctx, "id");
    if (out->kind == RT_MSG_EDIT || out->kind == RT_MSG_REVOKE) {
        const cJSON *o = get_obj(m, out->kind == RT_MSG_EDIT ? "edit" : "revoke");
        if (o != NULL)
            out->original_id = get_str(w, o, "original_message_id");
    }
    if (out->kind == RT_MSG_INTERACTIVE) {
        const cJSON *ia = get_obj(m, "interactive");
        if (get_obj(ia, "nfm_reply") != NULL)
            out->interactive_sub = RT_INTERACTIVE_FLOW;
        else if (get_obj(ia, "call_permission_reply") != NULL)
            out->interactive_sub = RT_INTERACTIVE_CALL_PERMISSION;
    }
    if (out->kind == RT_MSG_AUDIO) {
        const cJSON *a = get_obj(m, "audio");
        out->voice = a != NULL && cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(a, "voice"));
    }
    if (out->kind == RT_MSG_IMAGE || out->kind == RT_MSG_AUDIO || out->kind == RT_MSG_VIDEO ||
        out->kind == RT_MSG_DOCUMENT || out->kind == RT_MSG_STICKER) {
        const cJSON *md = get_obj(m, out->type);
        if (md != NULL) {
            out->media_id = get_str(w, md, "id");
            out->media_mime = get_str(w, md, "mime_type");
            out->media_sha256 = get_str(w, md, "sha256");
            out->media_filename = get_str(w, md, "filename");
            out->media_url = get_str(w, md, "url");
        }
    }
    (void)first_error(w, m, &out->error_code, &out->error_title); /* count not needed per message */
    if ((out->json = cJSON_PrintUnformatted(m)) == NULL)
        wa_fatal("out of memory printing a message");
    return 0;
}

/* The contact a status is about (see rt_status_t): its own contacts[]' first, else the value's contact matching the
 * status's recipient, else the value's only contact when the change carries one status; NULL when none. */
static const cJSON *status_contact(rt_webhook_t *w, const cJSON *s, const rt_status_t *st, const cJSON *contacts,
                                   int nstatuses)
{
    const cJSON *own = get_arr(s, "contacts"), *c;
    if (own != NULL && cJSON_IsObject(cJSON_GetArrayItem(own, 0)))
        return cJSON_GetArrayItem(own, 0);
    cJSON_ArrayForEach(c, contacts)
    {
        const char *wa_id = cJSON_IsObject(c) ? get_str(w, c, "wa_id") : NULL;
        const char *uid = cJSON_IsObject(c) ? get_str(w, c, "user_id") : NULL;
        if ((st->recipient_id != NULL && wa_id != NULL && strcmp(st->recipient_id, wa_id) == 0) ||
            (st->recipient_user_id != NULL && uid != NULL && strcmp(st->recipient_user_id, uid) == 0))
            return c;
    }
    if (nstatuses == 1 && cJSON_GetArraySize(contacts) == 1 && cJSON_IsObject(cJSON_GetArrayItem(contacts, 0)))
        return cJSON_GetArrayItem(contacts, 0);
    return NULL;
}

static int parse_status(rt_webhook_t *w, const cJSON *s, const cJSON *contacts, int nstatuses, rt_status_t *out)
{
    const cJSON *c, *profile;
    const char *rtype;

    memset(out, 0, sizeof(*out));
    if ((out->id = get_str(w, s, "id")) == NULL || (out->status = get_str(w, s, "status")) == NULL)
        return -1;
    out->timestamp = get_str(w, s, "timestamp");
    out->recipient_id = get_str(w, s, "recipient_id");
    out->recipient_user_id = get_str(w, s, "recipient_user_id");
    if ((out->recipient_parent_user_id = get_str(w, s, "parent_recipient_user_id")) == NULL)
        out->recipient_parent_user_id = get_str(w, s, "recipient_parent_user_id"); /* both spellings, A.9.3 */
    out->group = (rtype = get_str(w, s, "recipient_type")) != NULL && strcmp(rtype, "group") == 0;
    if ((c = status_contact(w, s, out, contacts, nstatuses)) != NULL) {
        out->contact_wa_id = get_str(w, c, "wa_id");
        out->contact_user_id = get_str(w, c, "user_id");
        out->contact_parent_user_id = get_str(w, c, "parent_user_id");
        if ((profile = get_obj(c, "profile")) != NULL)
            out->contact_username = get_str(w, profile, "username");
    }
    (void)first_error(w, s, &out->error_code, &out->error_title);
    const cJSON *pricing = get_obj(s, "pricing"), *conv = get_obj(s, "conversation");
    if (pricing != NULL || conv != NULL) {
        cJSON *o = cJSON_CreateObject();
        char *json;
        if (o == NULL || (pricing != NULL && !cJSON_AddItemReferenceToObject(o, "pricing", (cJSON *)pricing)) ||
            (conv != NULL && !cJSON_AddItemReferenceToObject(o, "conversation", (cJSON *)conv)) ||
            (json = cJSON_PrintUnformatted(o)) == NULL)
            wa_fatal("out of memory printing a status's pricing");
        cJSON_Delete(o);
        out->pricing_json = arena_keep(w, wa_strdup(json));
        cJSON_free(json);
    }
    return 0;
}

static void parse_messages_value(rt_webhook_t *w, rt_change_t *ch, const cJSON *value, size_t ei, size_t ci)
{
    const cJSON *meta = get_obj(value, "metadata"), *msgs = get_arr(value, "messages"),
                *sts = get_arr(value, "statuses"), *contacts = get_arr(value, "contacts"), *it;
    size_t i;

    if (meta != NULL) {
        ch->display_phone_number = get_str(w, meta, "display_phone_number");
        ch->phone_number_id = get_str(w, meta, "phone_number_id");
    }
    if (msgs != NULL && cJSON_GetArraySize(msgs) > 0) {
        ch->messages = wa_calloc((size_t)cJSON_GetArraySize(msgs), sizeof(*ch->messages));
        i = 0;
        cJSON_ArrayForEach(it, msgs)
        {
            if (!cJSON_IsObject(it) || parse_message(w, it, contacts, &ch->messages[ch->nmessages]) != 0)
                skip(w, "message without id", ei, ci, i);
            else
                ch->nmessages++;
            i++;
        }
    }
    if (sts != NULL && cJSON_GetArraySize(sts) > 0) {
        ch->statuses = wa_calloc((size_t)cJSON_GetArraySize(sts), sizeof(*ch->statuses));
        i = 0;
        cJSON_ArrayForEach(it, sts)
        {
            if (!cJSON_IsObject(it) ||
                parse_status(w, it, contacts, cJSON_GetArraySize(sts), &ch->statuses[ch->nstatuses]) != 0)
                skip(w, "status without id or status", ei, ci, i);
            else
                ch->nstatuses++;
            i++;
        }
    }
    ch->nerrors = first_error(w, value, &ch->error_code, &ch->error_title);
    w->nmessages += ch->nmessages;
    w->nstatuses += ch->nstatuses;
}

static void fail(char *err, size_t errsz, const char *reason)
{
    if (err != NULL && errsz > 0)
        snprintf(err, errsz, "%s", reason);
}

/* Moves the elements of `arr` from position `keep` on to a new array stored as `key` in `dst`. Returns how many. */
static size_t move_tail(cJSON *arr, size_t keep, cJSON *dst, const char *key)
{
    cJSON *it = arr->child, *tail;
    size_t moved = 0;
    for (size_t i = 0; it != NULL && i < keep; i++)
        it = it->next;
    if (it == NULL)
        return 0;
    if ((tail = cJSON_AddArrayToObject(dst, key)) == NULL)
        wa_fatal("out of memory cutting a webhook");
    while (it != NULL) {
        cJSON *next = it->next;
        cJSON_AddItemToArray(tail, cJSON_DetachItemViaPointer(arr, it));
        it = next;
        moved++;
    }
    return moved;
}

/* The bound of rt_webhook_parse_max, applied to the tree before the walk: keeps the first `max` elements of every
 * "messages" change's messages[] then statuses[], in document order, and moves the others into an envelope of their
 * own (entry id, the change's other value fields such as metadata and contacts, the cut elements), printed into
 * w->excess. */
static void cut_excess(rt_webhook_t *w, cJSON *entries, size_t max)
{
    static const char *const lists[] = {"messages", "statuses"};
    size_t seen = 0;
    cJSON *envelope = NULL, *out_entries = NULL, *entry;

    cJSON_ArrayForEach(entry, entries)
    {
        cJSON *changes = cJSON_IsObject(entry) ? cJSON_GetObjectItemCaseSensitive(entry, "changes") : NULL, *change;
        cJSON *out_changes = NULL;
        if (!cJSON_IsArray(changes))
            continue;
        cJSON_ArrayForEach(change, changes)
        {
            cJSON *field = cJSON_IsObject(change) ? cJSON_GetObjectItemCaseSensitive(change, "field") : NULL;
            cJSON *value = cJSON_IsObject(change) ? cJSON_GetObjectItemCaseSensitive(change, "value") : NULL;
            cJSON *out_value = NULL;
            if (!cJSON_IsString(field) || strcmp(field->valuestring, "messages") != 0 || !cJSON_IsObject(value))
                continue;
            for (size_t l = 0; l < 2; l++) {
                cJSON *arr = cJSON_GetObjectItemCaseSensitive(value, lists[l]);
                size_t n = cJSON_IsArray(arr) ? (size_t)cJSON_GetArraySize(arr) : 0, keep;
                if (n == 0)
                    continue;
                keep = seen >= max ? 0 : max - seen < n ? max - seen : n;
                seen += n;
                if (keep == n)
                    continue;
                if (out_value == NULL) {
                    cJSON *k, *out_change;
                    if (envelope == NULL) {
                        if ((envelope = cJSON_CreateObject()) == NULL ||
                            cJSON_AddStringToObject(envelope, "object", "whatsapp_business_account") == NULL ||
                            (out_entries = cJSON_AddArrayToObject(envelope, "entry")) == NULL)
                            wa_fatal("out of memory cutting a webhook");
                    }
                    if (out_changes == NULL) {
                        cJSON *out_entry = cJSON_CreateObject(), *id = cJSON_GetObjectItemCaseSensitive(entry, "id");
                        if (out_entry == NULL || !cJSON_AddItemToArray(out_entries, out_entry) ||
                            (id != NULL && !cJSON_AddItemToObject(out_entry, "id", cJSON_Duplicate(id, 1))) ||
                            (out_changes = cJSON_AddArrayToObject(out_entry, "changes")) == NULL)
                            wa_fatal("out of memory cutting a webhook");
                    }
                    if ((out_change = cJSON_CreateObject()) == NULL || !cJSON_AddItemToArray(out_changes, out_change) ||
                        cJSON_AddStringToObject(out_change, "field", "messages") == NULL ||
                        (out_value = cJSON_AddObjectToObject(out_change, "value")) == NULL)
                        wa_fatal("out of memory cutting a webhook");
                    /* metadata, contacts, messaging_product ...: what the cut items need to be read alone */
                    cJSON_ArrayForEach(k, value)
                    {
                        if (k->string == NULL || strcmp(k->string, "messages") == 0 ||
                            strcmp(k->string, "statuses") == 0 || strcmp(k->string, "errors") == 0)
                            continue;
                        if (!cJSON_AddItemToObject(out_value, k->string, cJSON_Duplicate(k, 1)))
                            wa_fatal("out of memory cutting a webhook");
                    }
                }
                w->nexcess += move_tail(arr, keep, out_value, lists[l]);
            }
        }
    }
    if (envelope != NULL) {
        char *s = cJSON_PrintUnformatted(envelope);
        cJSON_Delete(envelope);
        if (s == NULL)
            wa_fatal("out of memory printing a webhook's excess");
        w->excess = wa_strdup(s); /* callers free() it: do not hand out cJSON's allocator */
        cJSON_free(s);
    }
}

int rt_webhook_parse(const char *body, size_t len, rt_webhook_t *out, char *err, size_t errsz)
{
    return rt_webhook_parse_max(body, len, 0, out, err, errsz);
}

int rt_webhook_parse_max(const char *body, size_t len, size_t max_items, rt_webhook_t *out, char *err, size_t errsz)
{
    const char *end = NULL;
    cJSON *root;
    const cJSON *obj, *entry;
    cJSON *entries;
    size_t total = 0, ei, ci;

    memset(out, 0, sizeof(*out));
    fail(err, errsz, "");
    if (body == NULL || len == 0) {
        fail(err, errsz, "not JSON: empty body");
        return -1;
    }
    if ((root = cJSON_ParseWithLengthOpts(body, len, &end, 0)) == NULL) {
        char buf[64];
        size_t off = 0;
        const char *at = cJSON_GetErrorPtr();
        if (at != NULL && at >= body && at <= body + len)
            off = (size_t)(at - body);
        snprintf(buf, sizeof(buf), "not JSON: syntax error near byte %zu", off);
        fail(err, errsz, buf);
        return -1;
    }
    /* cJSON stops after the first value: anything but whitespace after it is an error too */
    if (end != NULL) {
        while (end < body + len && (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n'))
            end++;
        if (end < body + len && *end != '\0') {
            cJSON_Delete(root);
            fail(err, errsz, "not JSON: trailing bytes after the object");
            return -1;
        }
    }
    obj = cJSON_GetObjectItemCaseSensitive(root, "object");
    if (!cJSON_IsObject(root) || !cJSON_IsString(obj) || strcmp(obj->valuestring, "whatsapp_business_account") != 0) {
        cJSON_Delete(root);
        fail(err, errsz, "object is not whatsapp_business_account");
        return -1;
    }
    if (!cJSON_IsArray(entries = cJSON_GetObjectItemCaseSensitive(root, "entry"))) {
        cJSON_Delete(root);
        fail(err, errsz, "no entry array");
        return -1;
    }
    out->root = root;
    if (max_items > 0)
        cut_excess(out, entries, max_items);

    /* count first so that changes[] is allocated once */
    cJSON_ArrayForEach(entry, entries)
    {
        const cJSON *changes = get_arr(entry, "changes");
        if (changes != NULL)
            total += (size_t)cJSON_GetArraySize(changes);
    }
    if (total > 0)
        out->changes = wa_calloc(total, sizeof(*out->changes));

    ei = 0;
    cJSON_ArrayForEach(entry, entries)
    {
        const cJSON *changes, *change;
        const char *entry_id, *entry_time;
        if (!cJSON_IsObject(entry)) {
            skip(out, "entry is not an object", ei++, 0, 0);
            continue;
        }
        out->nentries++;
        entry_id = get_str(out, entry, "id");
        entry_time = get_str(out, entry, "time");
        if ((changes = get_arr(entry, "changes")) == NULL) {
            skip(out, "entry without changes", ei++, 0, 0);
            continue;
        }
        ci = 0;
        cJSON_ArrayForEach(change, changes)
        {
            const cJSON *value;
            rt_change_t *ch = &out->changes[out->nchanges];
            const char *field = cJSON_IsObject(change) ? get_str(out, change, "field") : NULL;
            if (field == NULL) {
                skip(out, "change without field", ei, ci++, 0);
                continue;
            }
            value = get_obj(change, "value");
            ch->entry_id = entry_id;
            ch->entry_time = entry_time;
            ch->field = field;
            ch->node = change;
            if (strcmp(field, "messages") == 0) {
                if (value == NULL) {
                    skip(out, "messages change without value", ei, ci++, 0);
                    continue;
                }
                parse_messages_value(out, ch, value, ei, ci);
            } else if (value != NULL) {
                if ((ch->value_json = cJSON_PrintUnformatted(value)) == NULL)
                    wa_fatal("out of memory printing a change");
            }
            out->nchanges++;
            ci++;
        }
        ei++;
    }
    return 0;
}

void rt_webhook_dispose(rt_webhook_t *w)
{
    for (size_t i = 0; i < w->nchanges; i++) {
        rt_change_t *ch = &w->changes[i];
        for (size_t j = 0; j < ch->nmessages; j++)
            cJSON_free(ch->messages[j].json);
        free(ch->messages);
        free(ch->statuses);
        cJSON_free(ch->value_json);
    }
    free(w->changes);
    for (size_t i = 0; i < w->narena; i++)
        free(w->arena[i]);
    free(w->arena);
    cJSON_Delete(w->root);
    free(w->excess);
    memset(w, 0, sizeof(*w));
}

char *rt_webhook_change_json(const rt_change_t *c)
{
    char *s = c->node != NULL ? cJSON_PrintUnformatted(c->node) : NULL;
    char *copy;
    if (s == NULL) {
        if (c->node != NULL)
            wa_fatal("out of memory printing a change");
        return wa_strdup("{}");
    }
    copy = wa_strdup(s); /* callers free() it: do not hand out cJSON's allocator */
    cJSON_free(s);
    return copy;
}

const char *rt_webhook_app_mismatch(const rt_webhook_t *w, const char *waba, const char *pnid)
{
    if (waba == NULL || waba[0] == '\0' || pnid == NULL || pnid[0] == '\0')
        return "the signing doctor has no business account id or phone number id";
    for (size_t i = 0; i < w->nchanges; i++) {
        const rt_change_t *c = &w->changes[i];
        if (c->entry_id == NULL || strcmp(c->entry_id, waba) != 0)
            return "an entry names another business account";
        if (strcmp(c->field, "messages") == 0 && (c->phone_number_id == NULL || strcmp(c->phone_number_id, pnid) != 0))
            return "a change names another phone number id";
    }
    return NULL;
}
