/*
 * Pure text helpers of the router (see text.h): a small UTF-8 walker that classifies each code point as a word
 * character or a separator, the normaliser built on it, and the greeting test, which is a whole-message match
 * against a word list so that a greeting followed by a real question goes on to the knowledge base.
 */
#include "text.h"
#include "wa/log.h"
#include "wa/text.h"

#include <stdlib.h>
#include <string.h>

/* Decodes one UTF-8 code point at s (NUL-terminated). Sets *n to the bytes consumed (>= 1). Invalid or truncated
 * sequences give U+FFFD consuming one byte. */
static unsigned decode(const unsigned char *s, size_t *n)
{
    unsigned c = s[0], cp, need, i;
    if (c < 0x80) {
        *n = 1;
        return c;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        cp = c & 0x1F;
        need = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
        cp = c & 0x0F;
        need = 2;
    } else if (c >= 0xF0 && c <= 0xF4) {
        cp = c & 0x07;
        need = 3;
    } else {
        *n = 1;
        return 0xFFFD;
    }
    for (i = 1; i <= need; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *n = 1;
            return 0xFFFD;
        }
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    /* overlong forms and surrogates */
    if ((need == 2 && cp < 0x800) || (need == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
        *n = 1;
        return 0xFFFD;
    }
    *n = need + 1;
    return cp;
}

/* 1 for code points that belong to words: ASCII letters and digits, and letters of other scripts. Punctuation,
 * symbols, emoji, joiners, variation selectors and the Devanagari danda are separators. */
static int is_word_cp(unsigned cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
    if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7)
        return 0; /* Latin-1 punctuation and symbols */
    if (cp == 0x964 || cp == 0x965)
        return 0; /* । ॥ */
    if (cp >= 0x2000 && cp <= 0x2BFF)
        return 0; /* general punctuation, symbols, arrows, dingbats ... */
    if ((cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xFF00 && cp <= 0xFF0F))
        return 0;
    if (cp == 0xFFFD || cp == 0xFEFF || (cp >= 0x1F000 && cp <= 0x1FAFF) || cp >= 0xE0000)
        return 0; /* replacement char, BOM, emoji, tags */
    return 1;
}

size_t rt_text_normalize(const char *in, char *out, size_t outsz)
{
    const unsigned char *s = (const unsigned char *)(in != NULL ? in : "");
    size_t len = 0, n;
    int pending_space = 0;

    if (outsz == 0)
        return 0;
    while (*s != '\0') {
        unsigned cp = decode(s, &n);
        if (!is_word_cp(cp)) {
            pending_space = len > 0;
            s += n;
            continue;
        }
        if (len + (pending_space ? 1 : 0) + n + 1 > outsz)
            break;
        if (pending_space)
            out[len++] = ' ';
        pending_space = 0;
        if (n == 1)
            out[len++] = (char)((cp >= 'A' && cp <= 'Z') ? cp + ('a' - 'A') : cp);
        else {
            memcpy(out + len, s, n);
            len += n;
        }
        s += n;
    }
    out[len] = '\0';
    return len;
}

/* Greeting words (after stretched ASCII letters are squeezed: "hiiii" -> "hi", "hellooo" -> "hello"). */
static const char *const greeting_words[] = {
    "hi",     "hii",       "hello",     "helo",    "hellow", "helloo",  "hey",       "heyy",     "hai",
    "hay",    "hlo",       "hloo",      "hola",    "hiya",   "howdy",   "greetings", "menu",     "start",
    "namaste", "namastey", "namaskar",  "namaskaram", "vanakkam", "salaam", "salam",  "akal",    "नमस्ते",      "नमस्कार",    "हेलो",      "हाय",       "हैलो",       "प्रणाम",     "राम",
    "gm",     "morning",   "afternoon", "evening", NULL,
};

/* Words that may stand next to a greeting without making it a question. */
static const char *const filler_words[] = {
    "there", "doctor", "doc",  "dr",      "sir",  "madam", "mam",    "maam",  "ji",     "team", "clinic",
    "all",   "everyone", "good", "dear",  "bhai", "jee",   "jai",    "shri",  "sahab",  "saab", "जी",
    "डॉक्टर",  "डॉ",        "साहब",  "सर",      "मैडम", "sat",   "sri",   "a",     "and",    "to",   "you",
    NULL,
};

static int in_list(const char *const *list, const char *w)
{
    for (; *list != NULL; list++)
        if (strcmp(*list, w) == 0)
            return 1;
    return 0;
}

/* Squeezes runs of three or more equal ASCII letters to one, in place ("hiiii" -> "hi", "hello" unchanged). */
static void squeeze(char *w)
{
    size_t r = 0, o = 0, len = strlen(w);
    while (r < len) {
        size_t run = 1;
        while (r + run < len && w[r + run] == w[r] && (unsigned char)w[r] < 0x80)
            run++;
        if (run >= 3)
            w[o++] = w[r];
        else
            for (size_t k = 0; k < run; k++)
                w[o++] = w[r];
        r += run;
    }
    w[o] = '\0';
}

int rt_text_is_greeting(const char *text)
{
    char norm[256], *save = NULL, *w;
    int words = 0, greetings = 0;

    if (text == NULL || strlen(text) >= sizeof(norm))
        return 0; /* long messages are never mere greetings */
    if (rt_text_normalize(text, norm, sizeof(norm)) == 0)
        return 0;
    for (w = strtok_r(norm, " ", &save); w != NULL; w = strtok_r(NULL, " ", &save)) {
        if (++words > 4)
            return 0;
        squeeze(w);
        if (in_list(greeting_words, w))
            greetings++;
        else if (!in_list(filler_words, w))
            return 0;
    }
    return greetings > 0;
}

/* Whole-message opt-out / opt-in phrases, normalised (rt_text_normalize). */
static const char *const stop_phrases[] = {
    "stop",          "stop all",      "stopall",      "unsubscribe", "opt out",   "optout",   "quit",
    "stop messages", "stop message",  "cancel all",   "band",        "band karo", "band kro", "band kar do",
    "band kijiye",   "mat bhejo",     "message mat bhejo", "बंद",     "बंद करो",    "बंद करें",    "बंद कर दो",
    "रोको",          "रोकें",          "मत भेजो",       "मैसेज मत भेजो", "थांबवा",     "बंद करा",   NULL,
};
static const char *const start_phrases[] = {
    "start",  "unstop", "subscribe", "opt in", "optin", "resume", "chalu", "chalu karo", "shuru", "shuru karo",
    "शुरू",    "शुरू करो", "शुरू करें",   "चालू",    "चालू करो", "सुरू करा", "चालू करा", NULL,
};

rt_optout_t rt_text_optout(const char *text)
{
    char norm[64];
    if (text == NULL || strlen(text) >= sizeof(norm))
        return RT_OPTOUT_NONE;
    if (rt_text_normalize(text, norm, sizeof(norm)) == 0)
        return RT_OPTOUT_NONE;
    if (in_list(stop_phrases, norm))
        return RT_OPTOUT_STOP;
    if (in_list(start_phrases, norm))
        return RT_OPTOUT_START;
    return RT_OPTOUT_NONE;
}

char *rt_text_utf8_repair(const char *in, size_t len, size_t *outlen)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t i = 0, k;
    while (i < len && (k = wa_utf8_seq(s + i, len - i)) != 0)
        i += k;
    if (i == len)
        return NULL;
    char *out = wa_malloc(len * 3 + 1), *o = out; /* worst case: every byte becomes three */
    memcpy(o, in, i);
    o += i;
    while (i < len) {
        if ((k = wa_utf8_seq(s + i, len - i)) != 0) {
            memcpy(o, s + i, k);
            o += k, i += k;
        } else {
            memcpy(o, "\xef\xbf\xbd", 3);
            o += 3, i++;
        }
    }
    *o = '\0';
    *outlen = (size_t)(o - out);
    return out;
}
