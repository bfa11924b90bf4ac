/*
 * Fuzz target: the answer of GET /{media-id} (API_REFERENCE A.8) as the sender's media fetcher reads it
 * (services/sender/media.h, snd_media_info_parse): url, mime_type, sha256 in hex or base64, file_size as a string or
 * a number. Every string it fills must stay terminated within its array, and a usable url must be non-empty.
 */
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"
#include "media.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    snd_media_info_t info;
    memset(&info, 0xAB, sizeof(info));
    int rc = snd_media_info_parse(size > 0 ? (const char *)data : NULL, size, &info);
    if (memchr(info.url, '\0', sizeof(info.url)) == NULL || memchr(info.mime, '\0', sizeof(info.mime)) == NULL ||
        memchr(info.sha_hex, '\0', sizeof(info.sha_hex)) == NULL)
        abort();
    if (rc == 0 && info.url[0] == '\0')
        abort();
    if (info.sha_hex[0] != '\0' && strlen(info.sha_hex) != 64)
        abort();
    if (info.size < -1)
        abort();
    return 0;
}
