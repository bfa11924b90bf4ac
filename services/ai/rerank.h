/*
 * The model's rerank of the knowledge base's uncertain middle band (issue 19), pure: the router hands a question
 * whose best entry is neither clearly right nor clearly wrong to wa:ai with the few best candidates (kb_candidates:
 * [{"id","q","score"}]) and its own decision (kb_lexical). The ai stage asks the model, in one short call with a
 * strict instruction, which candidate asks the same thing as the patient, or "none"; the answer is JSON
 * {"id":"<id>"} or {"id":"none"}. This file builds that prompt and reads that answer; ai.c makes the call (in its
 * ordinary pipeline, one attempt, a short timeout), sends a chosen entry's stored answer word for word (read from
 * PostgreSQL for the question's own doctor only) and falls back on the lexical decision when the model is slow,
 * failing or answers out of shape. Unit-tested in tests/unit/test_ai_rerank.c.
 */
#ifndef ai__rerank_h
#define ai__rerank_h

#include <stddef.h>

/* The instruction of the rerank call (static). */
const char *ai_rerank_system_text(void);

/* The user turn of the rerank call: the patient's message and the candidates (the wa:ai kb_candidates JSON), one
 * per line as "<id>: <question>". Returns NULL when kb_candidates is not a non-empty array of objects with string
 * ids and questions (then no call is made). Owned by the caller (free()). */
char *ai_rerank_question(const char *text, const char *kb_candidates);

typedef enum en_ai_rerank_t {
    AI_RERANK_CHOSEN = 0, /* one of the candidates: its id is in id_out */
    AI_RERANK_NONE,       /* the model says none fits */
    AI_RERANK_INVALID,    /* not the JSON asked for */
    AI_RERANK_FOREIGN     /* an id that is not among the candidates (refused) */
} ai_rerank_t;

/* Reads the model's answer `model_text` ({"id":"..."} alone or inside a code fence or other text; a numeric id is
 * accepted) against the candidates it was offered. Writes the chosen id to id_out only for AI_RERANK_CHOSEN. */
ai_rerank_t ai_rerank_parse(const char *model_text, const char *kb_candidates, char *id_out, size_t id_sz);

/* "chosen", "none", "invalid", "foreign". */
const char *ai_rerank_name(ai_rerank_t r);

#endif
