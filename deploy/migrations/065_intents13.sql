-- 065: understanding patients, round 13 (issue 19): the conversations (intents) in sentences. The mistakes of every
-- spent intent set (dev .. heldout12: 29, of which 3 another conversation) were put under their causes first (README,
-- "Round 13's intents"); each cause is answered by a mechanism or an inventory written from the languages, kept only
-- where it cost nothing on any spent set (intents, the knowledge base, and the intent decisions of every knowledge-base
-- question):
-- - the words of WHEN in a request about an appointment ("next monday 4pm ka time de do", "book for next tuesday 11
--   baje", "i forgot the time of my visit tomorrow", "did i book for 5pm or 6pm"): an appointment
--   has a day and a time, so for a text that names an appointment conversation's key concept (a booking, the
--   patient's own appointment, a cancellation, a change of time) its words of when say nothing of WHICH conversation
--   and are left out of the words scored (kb_intent_tokens), as 030 leaves out a greeting word. Every word of when
--   the lexicon reads of the present and the future: days, dates, weeks, parts of the day, today / tomorrow, next
--   (agla, pudhcha, पुढच्या, upcoming), clock times. The past ("last", "yesterday", "kaal") is kept: it says the appointment is one the patient had
--   ("when was my last appointment" is no booking, which it became without "last").
--   Not for a text whose only such concept is `consultation` (showing oneself to the doctor, "mujhe kal subah dikhana
--   hai"): a weak key, there the when is what makes the text a request for a booking.
-- Measured and not kept (README): a chat spelling of a conversation's key word read through its sound key ("speek"
-- for speak, one right more on heldout12, none lost) cost 7-8 ms of PostgreSQL a text against 0.3-1 ms (kb_sound_key's
-- regular expressions compiled again for every text).

-- 051's kb_intent_tokens, with the rule above applied to the text's tokens first
CREATE OR REPLACE FUNCTION kb_intent_tokens(p_doctor uuid, p_toks text[], p_limit integer DEFAULT 3)
RETURNS TABLE(intent text, score double precision, coverage double precision, fit double precision, missing text[])
LANGUAGE sql STABLE AS $$
    SELECT s.* FROM (SELECT coalesce((SELECT keys FROM kb_intent_keys WHERE kb_intent_keys.intent = 'greeting'), '{}')
                            AS keys) g,
         -- words of when, in a text about an appointment: not scored
         LATERAL (SELECT CASE WHEN p_toks && ARRAY['book', 'appointment', 'meet', 'myappointment', 'cancel',
                                                    'reschedule']
                              THEN ARRAY(SELECT t FROM unnest(p_toks) t
                                         WHERE NOT (t = ANY (ARRAY['weekday', 'sunday', 'saturday', 'monday', 'weekend',
                                                                   'week', 'date', 'timing', 'today', 'tomorrow',
                                                                   'morning', 'evening', 'afternoon', 'night', 'day',
                                                                   'din', 'divas', 'दिन', 'दिवस', 'next', 'agla',
                                                                   'pudhcha', 'pudhchya', 'पुढच्या', 'पुढील',
                                                                   'upcoming', 'pm', 'month'])
                                                    OR t ~ '^[0-9]'))
                              ELSE p_toks END AS toks) wh,
         LATERAL (SELECT CASE WHEN 'reschedule' = ANY (wh.toks) THEN array_remove(wh.toks, 'cancel') ELSE wh.toks END
                         AS toks) r,
         LATERAL kb_intent_score(p_doctor,
                                 CASE WHEN r.toks <@ g.keys THEN r.toks
                                      WHEN r.toks && g.keys
                                           AND r.toks <@ coalesce((SELECT kn.known FROM kb_intent_known kn
                                                                   WHERE kn.intent = 'greeting'), '{}')
                                           AND NOT EXISTS (SELECT 1 FROM kb_intent_keys k
                                                           WHERE k.intent <> 'greeting'
                                                             AND k.keys && ARRAY(SELECT t FROM unnest(r.toks) t
                                                                                 WHERE NOT t = ANY (g.keys)))
                                      THEN r.toks
                                      ELSE ARRAY(SELECT t FROM unnest(r.toks) t WHERE NOT t = ANY (g.keys)) END,
                                 p_limit) s
$$;
