/*
 * The patient's language and script, guessed from the text of the question
 * alone, pure: English, Hindi or Marathi in Devanagari, or Hindi written in
 * Latin letters ("romanised Hindi", Hinglish). The ai service tells the model
 * to answer in the same language and script (prompt), and picks the language
 * of its own fixed texts (the emergency answer) with it. Used by ai.c and
 * emergency.c; unit-tested in tests/unit/test_ai_lang.c.
 */
#ifndef ai__lang_h
#define ai__lang_h

/* Language codes returned by ai_lang_detect (static strings). */
#define AI_LANG_EN "en"
#define AI_LANG_HI "hi"
#define AI_LANG_MR "mr"
#define AI_LANG_HI_LATN "hi-Latn"

/* Guesses the language of `text` (NULL = ""). Devanagari text is Marathi when it has more Marathi marker words than
 * Hindi ones, else Hindi; Latin text is romanised Hindi when it has enough Hindi marker words, else English. `hint`
 * (the router's guess, may be NULL or "") is used only when the text gives no clue at all (no letters). Returns a
 * static string (one of the AI_LANG_* codes, or the hint itself when it was used: borrowed). */
const char *ai_lang_detect(const char *text, const char *hint);

/* The instruction for the model that makes it answer in language `code` and its script ("Reply in Hindi, in
 * Devanagari script..."); a generic "answer in the patient's language" for an unknown code. Static string. */
const char *ai_lang_instruction(const char *code);

/* The English name of a language code ("Hindi"), or NULL when unknown. Static string. */
const char *ai_lang_name(const char *code);

#endif
