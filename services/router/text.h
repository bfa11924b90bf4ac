/*
 * Pure text helpers of the router's decision step (route.c): recognising a greeting ("hi", "Hello!!",
 * "good morning doctor", "नमस्ते 🙏"), guessing the language for the ai stage, and normalising a patient's text
 * into lowercase words. No I/O; the unit tests call them directly. Inputs are UTF-8 (invalid bytes count as
 * separators); only ASCII letters are case-folded.
 */
#ifndef rt__text_h
#define rt__text_h

#include <stddef.h>

/* Writes the words of `in` into out: ASCII letters lowercased, every run of punctuation, symbols, emoji and
 * whitespace replaced by one space, no leading/trailing space. Letters of other scripts (Devanagari, accented
 * Latin ...) are kept as they are. Truncates at a character boundary to fit outsz (NUL included). Returns the
 * length written. */
size_t rt_text_normalize(const char *in, char *out, size_t outsz);

/* 1 when the whole message is a greeting: one to four words, each a greeting word ("hi", "hello", "hey", "hii",
 * "menu", "namaste", "नमस्ते" ..., "good morning"/"afternoon"/"evening") or a polite filler ("doctor", "sir", "ji"
 * ...), at least one of them a greeting. Case, punctuation, emoji and stretched letters ("hiiii", "heyyy") are
 * ignored. A greeting followed by a question ("hi, what are your timings?") is not a greeting. */
int rt_text_is_greeting(const char *text);

/* 1 when the text contains at least one Devanagari character (U+0900..U+097F). */
int rt_text_has_devanagari(const char *text);

/* A language guess for the ai stage: "hi" when the text has Devanagari, else "" (unknown). Static string. */
const char *rt_text_lang_guess(const char *text);

#endif
