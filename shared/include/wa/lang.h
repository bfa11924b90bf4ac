/*
 * The patient's language and script, guessed from the text of a message
 * alone (libwa), pure: English, Hindi or Marathi in Devanagari, or Hindi
 * written in Latin letters ("romanised Hindi", Hinglish). One answer for the
 * whole pipeline: the router passes it to the ai stage (wa:ai `lang`) and
 * picks its flows' texts with it, the ai service tells the model to answer in
 * the same language and script and picks the language of the emergency answer
 * (wa/emergency.h) with it. Unit-tested in tests/unit/test_lang.c.
 */
#ifndef wa__lang_h
#define wa__lang_h

/* Language codes returned by wa_lang_detect (static strings). */
#define WA_LANG_EN "en"
#define WA_LANG_HI "hi"
#define WA_LANG_MR "mr"
#define WA_LANG_HI_LATN "hi-Latn"

/* Guesses the language of `text` (NULL = ""). Devanagari text is Marathi when it has more Marathi marker words than
 * Hindi ones, else Hindi; Latin text is romanised Hindi when it has enough Hindi marker words, else English.
 * Returns a static string (one of the WA_LANG_* codes), or `fallback` (borrowed, may be NULL) when the text gives no
 * clue at all (no letters: "10:30", "?", ""). */
const char *wa_lang_detect(const char *text, const char *fallback);

/* 1 when `code` is a language written in Devanagari (WA_LANG_HI, WA_LANG_MR), else 0 (NULL too). */
int wa_lang_is_devanagari(const char *code);

/* The instruction for the model that makes it answer in language `code` and its script ("Reply in Hindi, in
 * Devanagari script..."); a generic "answer in the patient's language" for an unknown code. Static string. */
const char *wa_lang_instruction(const char *code);

/* The English name of a language code ("Hindi"), or NULL when unknown. Static string. */
const char *wa_lang_name(const char *code);

#endif
