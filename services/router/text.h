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

/* Meta's bodies are UTF-8, but a webhook is only as good as its sender: PostgreSQL refuses invalid UTF-8, so
 * the router repairs a body before parsing it. Returns NULL when in[0..len) is valid (use it as it is), else a
 * new buffer (caller frees) with each invalid byte replaced by U+FFFD, its length in *outlen, NUL-terminated. */
char *rt_text_utf8_repair(const char *in, size_t len, size_t *outlen);

/* What an opt-out keyword message asks for. */
typedef enum en_rt_optout_t { RT_OPTOUT_NONE = 0, RT_OPTOUT_STOP, RT_OPTOUT_START } rt_optout_t;

/* Pure: RT_OPTOUT_STOP when the whole message (case, punctuation and emoji ignored) is an opt-out keyword: "STOP",
 * "stop all", "unsubscribe", "opt out", "quit", "बंद", "बंद करो", "band karo", "mat bhejo" ...; RT_OPTOUT_START for
 * "START", "unstop", "subscribe", "opt in", "शुरू", "chalu karo" ...; else RT_OPTOUT_NONE. A sentence that merely
 * contains such a word ("please stop the medicine?") is not a keyword. */
rt_optout_t rt_text_optout(const char *text);

#endif
