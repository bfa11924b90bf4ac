-- 028: the intent decision on tokens already analysed (issue 14), so that a caller that has the text's tokens
-- (kb_tokens(doctor, text, true), typo correction included, the costly part) can ask for the intent and the
-- knowledge-base match without analysing the text twice. The rule itself is unchanged from 008's kb_intent_choose:
-- the best intent when it scores at least 0.75 and beats the runner-up by 0.06, else NULL. kb_intent_choose(text)
-- keeps its signature (the evaluation, wactl and older routers call it) and now delegates, so the rule lives here.

CREATE OR REPLACE FUNCTION kb_intent_choose_tokens(p_doctor uuid, p_toks text[]) RETURNS text
LANGUAGE sql STABLE AS $$
    WITH c AS MATERIALIZED (SELECT i.intent, i.score, row_number() OVER (ORDER BY i.score DESC, i.intent) AS n
                            FROM kb_intent_tokens(p_doctor, p_toks, 2) i)
    SELECT CASE WHEN a.score >= 0.75 AND a.score - coalesce(b.score, 0) >= 0.06 THEN a.intent END
    FROM c a LEFT JOIN c b ON b.n = 2 WHERE a.n = 1
$$;

CREATE OR REPLACE FUNCTION kb_intent_choose(p_doctor uuid, p_text text) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT kb_intent_choose_tokens(p_doctor, kb_tokens(p_doctor, p_text, true))
$$;
