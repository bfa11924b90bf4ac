/*
 * Digits-only phone numbers (wa/phone.h). Webhooks carry digits
 * ("15550001111"), the Graph API and people write "+1 555-000-1111"; every
 * comparison goes through wa_phone_digits.
 */
#include <string.h>
#include "wa/phone.h"

#define MAX_DIGITS 20

size_t wa_phone_digits(const char *in, char *out, size_t outsz)
{
    size_t n = 0;
    if (in == NULL || out == NULL || outsz == 0)
        return 0;
    out[0] = '\0';
    for (const char *p = in; *p != '\0'; p++) {
        char ch = *p;
        if (ch >= '0' && ch <= '9') {
            if (n >= MAX_DIGITS || n + 1 >= outsz) {
                out[0] = '\0';
                return 0;
            }
            out[n++] = ch;
        } else if (strchr(" +-().\t/", ch) == NULL) {
            out[0] = '\0';
            return 0;
        }
    }
    out[n] = '\0';
    return n;
}

int wa_phone_equal(const char *a, const char *b)
{
    char da[MAX_DIGITS + 1], db[MAX_DIGITS + 1];
    if (wa_phone_digits(a, da, sizeof(da)) == 0 || wa_phone_digits(b, db, sizeof(db)) == 0)
        return 0;
    return strcmp(da, db) == 0;
}

int wa_is_bsuid(const char *s)
{
    size_t n;

    if (s == NULL || s[0] < 'A' || s[0] > 'Z' || s[1] < 'A' || s[1] > 'Z' || s[2] != '.' || s[3] == '\0')
        return 0;
    for (n = 3; s[n] != '\0'; n++)
        if (!((s[n] >= 'A' && s[n] <= 'Z') || (s[n] >= 'a' && s[n] <= 'z') || (s[n] >= '0' && s[n] <= '9') ||
              s[n] == '.'))
            return 0;
    return n <= 200;
}
