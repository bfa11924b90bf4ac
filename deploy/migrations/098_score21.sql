-- 098: round 21's score (issue 19): the clinic's name read as its specialty (a recall rule, its own commit).
--
-- The clinic's context (070's kb_doctor_specialty: the words of the doctor's specialization) is read from the
-- clinic's name too: the words of the name the lexicon knows (not the clinic's own name words, kb_name_words_of, which
-- the question loses anyway; not `clinic`, which every clinic's name says and which names no specialty) join the
-- specialization's. "Lotus Child Care" (no specialization given) reads `child`, "Nirmal Women's Clinic" `woman`,
-- "HeartCare Cardiology Centre" `heart`: "where is lotus child care", "what time does the child doctor sit",
-- "how much does the lady doctor charge per visit" no longer miss the clinic's own context as an important word.
-- Screened over every spent set (dev .. heldout20, eval.py, fresh database, main b821f88): see README "Round 21's
-- score" for the figures per set; intents identical message by message.
--
-- kb_doctor_specialty_refresh reads the name; the doctors' trigger fires on a change of the clinic's name too; every
-- doctor refreshed here. The score (kb_match_tokens_lexical, 094) and kb_explain are unchanged: kb_explain's reason
-- already names the question's words the clinic's specialty names.

-- (098) the clinic's name read as its specialty: the words of the clinic's name the lexicon knows (not its own name
-- words, kb_name_words_of; not `clinic`, which names every clinic and no specialty) join the specialization's
-- ("Lotus Child Care": `child`; "Nirmal Women's Clinic": `woman`)
CREATE OR REPLACE FUNCTION kb_doctor_specialty_refresh(p_doctors uuid[]) RETURNS void LANGUAGE sql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
    INSERT INTO kb_doctor_specialty AS s (doctor_id, words)
    SELECT d.id,
           ARRAY(SELECT DISTINCT u FROM unnest(coalesce(kb_tokens(d.id, coalesce(d.specialization, ''), false), '{}')
                                               || ARRAY(SELECT c FROM unnest(coalesce(kb_tokens(d.id, coalesce(d.clinic_name, ''), false), '{}')) c
                                                        WHERE NOT c = ANY (kb_name_words_of(d.id)) AND c <> 'clinic')) u
                 ORDER BY u)
    FROM doctors d WHERE d.id = ANY (p_doctors) ORDER BY d.id
    ON CONFLICT (doctor_id) DO UPDATE SET words = excluded.words WHERE s.words IS DISTINCT FROM excluded.words;
$$;
REVOKE EXECUTE ON FUNCTION kb_doctor_specialty_refresh(uuid[]) FROM PUBLIC;
DROP TRIGGER IF EXISTS kb_doctor_specialty_doctor ON doctors;
CREATE TRIGGER kb_doctor_specialty_doctor AFTER INSERT OR UPDATE OF specialization, clinic_name ON doctors
    FOR EACH ROW EXECUTE FUNCTION kb_doctor_specialty_doctor();
SELECT kb_doctor_specialty_refresh(ARRAY(SELECT id FROM doctors));
