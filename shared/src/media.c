/*
 * The pure half of wa/media.h: the wa:media job's encoding, the A.11 table of media kinds, MIME types and size limits,
 * which stored types the dashboard may show inline, and SHA-256 digests as hex. The media store is media_store.c.
 */
#include "wa/media.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <openssl/evp.h>
#include <openssl/sha.h>

static int take(const wa_entry_t *e, const char *name, const char **out)
{
    size_t len = 0;
    const char *v = wa_entry_get(e, name, &len);
    *out = v != NULL ? v : "";
    return v != NULL && len > 0;
}

int wa_media_job_decode(const wa_entry_t *e, wa_media_job_t *j, const char **missing)
{
    static const char *none = NULL;
    const char **miss = missing != NULL ? missing : &none;
    int ok_doc = take(e, "doctor_id", &j->doctor_id), ok_wamid = take(e, "wamid", &j->wamid),
        ok_kind = take(e, "kind", &j->kind), ok_id = take(e, "media_id", &j->media_id);
    take(e, "mime_type", &j->mime_type);
    take(e, "sha256", &j->sha256);
    take(e, "filename", &j->filename);
    take(e, "url", &j->url);
    take(e, "phone_number_id", &j->phone_number_id);
    take(e, "created_at", &j->created_at);
    *miss = !ok_doc ? "doctor_id" : !ok_wamid ? "wamid" : !ok_kind ? "kind" : !ok_id ? "media_id" : NULL;
    return *miss == NULL ? 0 : -1;
}

static void field_if(wa_cmd_t *c, const char *name, const char *value)
{
    if (value != NULL && value[0] != '\0')
        wa_cmd_field(c, name, value);
}

void wa_media_job_xadd(wa_cmd_t *c, const char *stream, const wa_media_job_t *j)
{
    wa_cmd_args(c, "XADD");
    wa_cmd_args(c, stream);
    wa_cmd_args(c, "*");
    wa_cmd_field(c, "doctor_id", j->doctor_id);
    wa_cmd_field(c, "wamid", j->wamid);
    wa_cmd_field(c, "kind", j->kind);
    wa_cmd_field(c, "media_id", j->media_id);
    field_if(c, "mime_type", j->mime_type);
    field_if(c, "sha256", j->sha256);
    field_if(c, "filename", j->filename);
    field_if(c, "url", j->url);
    field_if(c, "phone_number_id", j->phone_number_id);
    field_if(c, "created_at", j->created_at);
}

#define MB (1024LL * 1024LL)

/* A.11's table. */
static const struct {
    const char *kind;
    long long max;
    const char *types[9];
} kinds[] = {
    {"image", 5 * MB, {"image/jpeg", "image/png"}},
    {"sticker", 500 * 1024, {"image/webp"}},
    {"audio", 16 * MB, {"audio/aac", "audio/amr", "audio/mpeg", "audio/mp4", "audio/ogg"}},
    {"video", 16 * MB, {"video/mp4", "video/3gp", "video/3gpp"}},
    {"document",
     100 * MB,
     {"text/plain", "application/pdf", "application/msword", "application/vnd.ms-excel",
      "application/vnd.ms-powerpoint", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "application/vnd.openxmlformats-officedocument.presentationml.presentation"}},
};

static int kind_index(const char *kind)
{
    for (size_t i = 0; kind != NULL && i < sizeof(kinds) / sizeof(kinds[0]); i++)
        if (strcmp(kinds[i].kind, kind) == 0)
            return (int)i;
    return -1;
}

int wa_media_kind_valid(const char *kind)
{
    return kind_index(kind) >= 0;
}

long long wa_media_max_bytes(const char *kind)
{
    int i = kind_index(kind);
    return i < 0 ? 0 : kinds[i].max;
}

char *wa_media_mime_base(const char *mime, char *out, size_t outsz)
{
    size_t n = 0;
    if (outsz == 0)
        return out;
    while (mime != NULL && *mime == ' ')
        mime++;
    for (; mime != NULL && mime[n] != '\0' && mime[n] != ';' && n + 1 < outsz; n++)
        out[n] = (char)tolower((unsigned char)mime[n]);
    while (n > 0 && out[n - 1] == ' ')
        n--;
    out[n] = '\0';
    return out;
}

int wa_media_type_allowed(const char *kind, const char *mime)
{
    char base[128];
    int i = kind_index(kind);
    if (i < 0)
        return 0;
    wa_media_mime_base(mime, base, sizeof(base));
    for (size_t t = 0; t < sizeof(kinds[i].types) / sizeof(kinds[i].types[0]) && kinds[i].types[t] != NULL; t++)
        if (strcmp(kinds[i].types[t], base) == 0)
            return 1;
    return 0;
}

const char *wa_media_kind_of_mime(const char *mime)
{
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
        if (wa_media_type_allowed(kinds[i].kind, mime))
            return kinds[i].kind;
    return NULL;
}

int wa_media_inline_safe(const char *mime)
{
    static const char *safe[] = {"image/jpeg", "image/png", "image/webp", "audio/aac", "audio/amr", "audio/mpeg",
                                 "audio/mp4",  "audio/ogg", "video/mp4",  "video/3gp", "video/3gpp"};
    char base[128];
    wa_media_mime_base(mime, base, sizeof(base));
    for (size_t i = 0; i < sizeof(safe) / sizeof(safe[0]); i++)
        if (strcmp(safe[i], base) == 0)
            return 1;
    return 0;
}

static void to_hex(const unsigned char *d, size_t n, char *out)
{
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = hex[d[i] >> 4];
        out[2 * i + 1] = hex[d[i] & 15];
    }
    out[2 * n] = '\0';
}

void wa_media_sha256_hex(const void *data, size_t len, char out[65])
{
    unsigned char d[SHA256_DIGEST_LENGTH];
    SHA256(data != NULL ? data : (const void *)"", len, d);
    to_hex(d, sizeof(d), out);
}

int wa_media_sha256_to_hex(const char *sha, char out[65])
{
    size_t n = sha != NULL ? strlen(sha) : 0;
    if (n == 64) {
        for (size_t i = 0; i < 64; i++) {
            if (!isxdigit((unsigned char)sha[i]))
                return -1;
            out[i] = (char)tolower((unsigned char)sha[i]);
        }
        out[64] = '\0';
        return 0;
    }
    if (n != 44 || sha[43] != '=' || sha[42] == '=')
        return -1;
    unsigned char d[36];
    if (EVP_DecodeBlock(d, (const unsigned char *)sha, 44) != 33) /* 32 bytes and one of padding */
        return -1;
    to_hex(d, 32, out);
    return 0;
}
