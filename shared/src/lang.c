/*
 * Language guessing (wa/lang.h, libwa), for the router, its flows and the ai service: the text is cut into words at
 * ASCII spaces and punctuation and at the Devanagari danda, and each word is looked up in short lists of very common
 * function words. A word list beats a character n-gram model here: the messages are short, and what matters is
 * telling Marathi from Hindi (same script) and Hinglish from English (same letters), which their most frequent words
 * do well.
 */
#include "wa/lang.h"

#include <ctype.h>
#include <string.h>

#define WORD_MAX 64

static const char *const marathi_words[] = {
    "आहे",   "आहेत",  "नाही", "काय",  "मला",     "माझा",      "माझी", "माझे",  "माझ्या", "तुम्ही",  "आम्ही", "करा", "होत",
    "येत",   "दुखत",  "कधी",  "किती", "आणि",     "पण",        "झाले",  "झाला", "आहोत",  "का",    "कसे",   "कुठे",  "डॉक्टरांना",
    "साहेब", "उद्या", "आज",   "वेळ",   "दवाखाना", "दवाखान्यात", "येऊ",   "शकतो", "शकते",   "पाहिजे", "हवे",   "ताप", NULL,
};

static const char *const hindi_words[] = {
    "है",     "हैं",   "नहीं", "क्या",   "मुझे",  "मेरा",  "मेरी",  "मेरे", "आप", "और",   "कब", "कितने",
    "कितना", "रहा", "रही", "हूँ",     "हूं",   "हो",   "में",    "को", "से",  "की",   "के",  "का",
    "कैसे",    "कहाँ", "कहां", "चाहिए", "सकते", "सकता", "सकती", "था", "थी", "बुखार", NULL,
};

/* Romanised Hindi: strong words count 2, weak ones (also plausible in English text or names) count 1. */
static const char *const hinglish_strong[] = {
    "hai",    "hain",  "kya",     "nahi",    "nahin",  "nhi",      "mujhe", "mujhko", "mera",   "meri", "mere",
    "aap",    "aapka", "aapki",   "kab",     "kitna",  "kitne",    "kitni", "kaise",  "kaisa",  "hoon", "hun",
    "raha",   "rahi",  "chahiye", "sakte",   "sakta",  "sakti",    "dard",  "bukhar", "hota",   "hoti", "kripya",
    "krupya", "batao", "bataye",  "bataiye", "milega", "milna",    "karna", "karu",   "karoon", "kal",  "aaj",
    "abhi",   "bahut", "bohot",   "tha",     "thi",    "doctorji", "sahab", "saab",   NULL,
};
static const char *const hinglish_weak[] = {
    "ka", "ki", "ke", "ho", "se", "me", "mein", "ko", "bhi", "aur", "ji", "h", "ye", "yeh", "wo", "woh", NULL,
};

static int in_list(const char *const *list, const char *w)
{
    for (; *list != NULL; list++)
        if (strcmp(*list, w) == 0)
            return 1;
    return 0;
}

/* 1 when the UTF-8 sequence at s is a Devanagari code point (U+0900..U+097F: E0 A4 xx or E0 A5 xx). */
static int is_devanagari(const unsigned char *s)
{
    return s[0] == 0xE0 && (s[1] == 0xA4 || s[1] == 0xA5) && s[2] != '\0';
}

/* 1 when the bytes at s are the danda or double danda (U+0964/U+0965: E0 A5 A4/A5), a sentence end. */
static int is_danda(const unsigned char *s)
{
    return s[0] == 0xE0 && s[1] == 0xA5 && (s[2] == 0xA4 || s[2] == 0xA5);
}

const char *wa_lang_detect(const char *text, const char *fallback)
{
    const unsigned char *s = (const unsigned char *)(text != NULL ? text : "");
    int deva = 0, latin = 0, mr = 0, hi = 0, hinglish = 0;
    char w[WORD_MAX];
    size_t wl = 0;
    int overflow = 0;

    for (;;) {
        int end = *s == '\0' || (*s < 0x80 && !isalnum(*s)) || is_danda(s);
        if (!end) {
            if (is_devanagari(s))
                deva++;
            else if (*s < 0x80 && isalpha(*s))
                latin++;
            if (wl + 1 < sizeof(w))
                w[wl++] = (char)(*s < 0x80 ? tolower(*s) : *s);
            else
                overflow = 1;
            s++;
            continue;
        }
        if (wl > 0 && !overflow) {
            w[wl] = '\0';
            if (in_list(marathi_words, w))
                mr++;
            if (in_list(hindi_words, w))
                hi++;
            if (in_list(hinglish_strong, w))
                hinglish += 2;
            else if (in_list(hinglish_weak, w))
                hinglish += 1;
        }
        wl = 0;
        overflow = 0;
        if (*s == '\0')
            break;
        s += is_danda(s) ? 3 : 1;
    }
    if (deva > 0 && deva >= latin)
        return mr > hi ? WA_LANG_MR : WA_LANG_HI;
    if (latin > 0)
        return hinglish >= 2 ? WA_LANG_HI_LATN : WA_LANG_EN;
    return fallback;
}

int wa_lang_is_devanagari(const char *code)
{
    return code != NULL && (strcmp(code, WA_LANG_HI) == 0 || strcmp(code, WA_LANG_MR) == 0);
}

const char *wa_lang_instruction(const char *code)
{
    if (code == NULL)
        code = "";
    if (strcmp(code, WA_LANG_HI) == 0)
        return "The patient writes in Hindi, in Devanagari script: reply in Hindi, in Devanagari script.";
    if (strcmp(code, WA_LANG_MR) == 0)
        return "The patient writes in Marathi, in Devanagari script: reply in Marathi, in Devanagari script.";
    if (strcmp(code, WA_LANG_HI_LATN) == 0)
        return "The patient writes Hindi in Latin letters (Hinglish): reply in Hindi written in Latin letters, the "
               "way the patient writes, not in Devanagari and not in English.";
    if (strcmp(code, WA_LANG_EN) == 0)
        return "The patient writes in English: reply in English.";
    return "Reply in the language and script the patient writes in.";
}

const char *wa_lang_name(const char *code)
{
    if (code == NULL)
        return NULL;
    if (strcmp(code, WA_LANG_HI) == 0)
        return "Hindi";
    if (strcmp(code, WA_LANG_MR) == 0)
        return "Marathi";
    if (strcmp(code, WA_LANG_HI_LATN) == 0)
        return "Hindi in Latin letters";
    if (strcmp(code, WA_LANG_EN) == 0)
        return "English";
    return NULL;
}
