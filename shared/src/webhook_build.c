/*
 * Webhook bodies as Meta sends them (wa/webhook_build.h), for the clients of
 * the ingress: wactl simulate, the load generator and tests.
 */
#include <stdio.h>
#include <cjson/cJSON.h>
#include "wa/log.h"
#include "wa/webhook_build.h"

static cJSON *obj(cJSON *parent, const char *name)
{
    cJSON *o = cJSON_AddObjectToObject(parent, name);
    if (o == NULL)
        wa_fatal("out of memory");
    return o;
}

static cJSON *arr(cJSON *parent, const char *name)
{
    cJSON *a = cJSON_AddArrayToObject(parent, name);
    if (a == NULL)
        wa_fatal("out of memory");
    return a;
}

static cJSON *item(cJSON *array)
{
    cJSON *o = cJSON_CreateObject();
    if (o == NULL || !cJSON_AddItemToArray(array, o))
        wa_fatal("out of memory");
    return o;
}

static void str(cJSON *o, const char *name, const char *value)
{
    if (cJSON_AddStringToObject(o, name, value != NULL ? value : "") == NULL)
        wa_fatal("out of memory");
}

char *wa_webhook_build_text(const char *waba_id, const char *display_phone_number, const char *phone_number_id,
                            const char *from, const char *profile_name, const char *wamid, long long timestamp,
                            const char *text)
{
    return wa_webhook_build_text_ids(waba_id, display_phone_number, phone_number_id, from, NULL, NULL, profile_name,
                                     wamid, timestamp, text);
}

char *wa_webhook_build_text_ids(const char *waba_id, const char *display_phone_number, const char *phone_number_id,
                                const char *from, const char *user_id, const char *username, const char *profile_name,
                                const char *wamid, long long timestamp, const char *text)
{
    char ts[32];
    snprintf(ts, sizeof(ts), "%lld", timestamp);
    cJSON *root = cJSON_CreateObject();
    if (root == NULL)
        wa_fatal("out of memory");
    str(root, "object", "whatsapp_business_account");
    cJSON *entry = item(arr(root, "entry"));
    str(entry, "id", waba_id);
    cJSON *change = item(arr(entry, "changes"));
    cJSON *value = obj(change, "value");
    str(value, "messaging_product", "whatsapp");
    cJSON *meta = obj(value, "metadata");
    str(meta, "display_phone_number", display_phone_number);
    str(meta, "phone_number_id", phone_number_id);
    cJSON *contact = item(arr(value, "contacts"));
    cJSON *profile = obj(contact, "profile");
    str(profile, "name", profile_name);
    if (username != NULL)
        str(profile, "username", username);
    if (from != NULL)
        str(contact, "wa_id", from);
    if (user_id != NULL)
        str(contact, "user_id", user_id);
    cJSON *msg = item(arr(value, "messages"));
    if (from != NULL)
        str(msg, "from", from);
    if (user_id != NULL)
        str(msg, "from_user_id", user_id);
    str(msg, "id", wamid);
    str(msg, "timestamp", ts);
    str(msg, "type", "text");
    str(obj(msg, "text"), "body", text);
    str(change, "field", "messages");
    char *s = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    if (s == NULL)
        wa_fatal("out of memory");
    return s;
}
