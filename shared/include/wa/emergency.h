/*
 * Emergency triage (libwa), pure and before any model call: a patient who
 * writes about chest pain, breathing difficulty, heavy bleeding, stroke signs,
 * unconsciousness, suicidal thoughts or poisoning (in English, Hindi, Marathi
 * or romanised Hindi) is answered at once with the clinic's emergency text
 * and the local emergency number, never by the model, and the message is
 * flagged for the doctor. One detector for two stages: the router sends such
 * a message straight to the ai stage (past flows, handoff pauses and the
 * knowledge base), the ai service answers and flags it (ai.c does the I/O).
 * Unit-tested in tests/unit/test_emergency.c.
 */
#ifndef wa__emergency_h
#define wa__emergency_h

#include <stddef.h>

/* The emergency number when neither the clinic nor AI_EMERGENCY_NUMBER names one (India). */
#define WA_EMERGENCY_NUMBER_DEFAULT "112"

/* The category of emergency `text` describes ("chest_pain", "breathing", "bleeding", "stroke", "unconscious",
 * "suicide", "poisoning"), or NULL when it describes none. Matching is on phrases, case-insensitive for Latin
 * letters. Static string. */
const char *wa_emergency_detect(const char *text);

/* The i-th category wa_emergency_detect can return (0, 1, ... in a fixed order), NULL past the last one: to
 * register one metric series per category up front. Static string. */
const char *wa_emergency_category(size_t i);

/* The emergency answer: `clinic_text` (doctors.settings "emergency_text") if set, else `configured`
 * (AI_EMERGENCY_TEXT) if set, else a built-in text in language `lang` (wa/lang.h codes; English otherwise). "{number}"
 * is replaced by `number` (NULL or "" = 112) and "{clinic}" by `clinic_name` ("the clinic" when empty); when the
 * result does not contain the number, a line with it is appended, so the number is always there. Owned by the
 * caller (free()). */
char *wa_emergency_text(const char *clinic_text, const char *configured, const char *lang, const char *number,
                        const char *clinic_name);

#endif
