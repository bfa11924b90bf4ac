/*
 * The text of the ai service's answer, pure: fitting a model answer into one
 * WhatsApp text message (the Graph API refuses bodies over 4096 characters),
 * turning Markdown emphasis into WhatsApp's, and the clinic's fallback text
 * when there is no model answer. Used by ai.c; unit-tested in
 * tests/unit/test_ai_answer.c.
 */
#ifndef ai__answer_h
#define ai__answer_h

#include <stddef.h>

/* Largest answer we emit, in UTF-16 code units (what a 4096-"character" limit most plausibly counts; a code point
 * outside the BMP counts 2). Kept below 4096 with room to spare. */
#define AI_ANSWER_MAX_UNITS 4000

/* Length of `s` in UTF-16 code units: one per code point, two for a code point outside the BMP (a stray continuation
 * byte counts nothing). */
size_t ai_answer_units(const char *s);

/* Returns a copy of `text` that fits in `max_units` (>= 16) UTF-16 code units: unchanged when it fits, otherwise cut
 * on a UTF-8 boundary, preferably at the last line break, sentence end or space of the final stretch, with trailing
 * whitespace removed and an ellipsis appended. Owned by the caller (free()). */
char *ai_answer_fit(const char *text, size_t max_units);

/* Rewrites Markdown bold "**x**" / "__x__" into WhatsApp's "*x*" / "_x_" and drops Markdown heading marks ("## ") at
 * line starts, in place. Returns s. */
char *ai_answer_tidy(char *s);

/* Converts a model answer from Markdown to WhatsApp formatting: links "[text](url)" become "text (url)" (just the
 * url when both are the same), table rows become their cells joined with " - " (separator rows dropped), bullets
 * "* " become "- ", then ai_answer_tidy (bold, headings). Returns a new string owned by the caller (free()). */
char *ai_answer_whatsapp(const char *markdown);

/* The text sent when there is no model answer: `clinic_text` (the clinic's own fallback, doctors.settings
 * "ai_fallback_text") if set, else `configured` (AI_FALLBACK_TEXT) if set, else "Thank you for your message. <clinic>
 * will get back to you shortly."; "{clinic}" in the first two is replaced by the clinic's name. `clinic_name` falls
 * back to "<doctor_name>'s clinic", then "The clinic". Owned by the caller (free()). */
char *ai_answer_fallback(const char *clinic_text, const char *configured, const char *clinic_name,
                         const char *doctor_name);

#endif
