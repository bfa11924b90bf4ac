-- 086: performance, round 14 (issue 14): a clinic's own name words are kept per doctor instead of computed again in
-- every statement of the router; the same words at every moment.
--
-- kb_name_words(doctor) (039's) splits the doctor's and clinic's names and keeps the words that are no concept,
-- synonym (global or the clinic's) or stop word of the lexicon: three anti-joins and an aggregate, run once per
-- doctor of every router_understand_batch statement (082's `n`) and again inside the intent's kb_intent_score /
-- kb_intent_choose_tokens when a text has a word that could be one. They change only when the doctor's name or
-- clinic name, or the lexicon (kb_concepts, kb_synonyms, kb_stopwords) changes, so they are kept in
-- kb_doctor_name_words (exactly kb_name_words_of of the doctor, 039's body) and read from there:
--   * a doctor inserted, or its name or clinic name updated: that doctor's row (row trigger on doctors);
--   * kb_concepts or kb_stopwords changed (insert, update, delete, truncate): every doctor's row (statement triggers);
--   * kb_synonyms changed: the rows of the doctors whose own synonyms changed, every doctor's when a global one did
--     (statement triggers with the changed rows; truncate: every doctor's);
--   * a doctor deleted: its row (foreign key);
--   * every existing doctor filled here.
-- The triggers' names are new (the lexicon migrations that disable 008's kb_synonyms_ins / _upd / _del and
-- kb_stopwords_changed while adding rows leave them firing) and fire after 076's kb_lexicon_words ones. Unlike 070's
-- kb_doctor_specialty (which a clinic's synonym without entries may leave stale), every change of what the words
-- depend on refreshes them in the same statement, so the words read are the words computed; a doctor without a row
-- (none after this migration) falls back to computing them. A later migration that redefines kb_raw_words or kb_fold
-- must refresh the table (SELECT kb_doctor_name_words_refresh(NULL)).
-- Nobody writes the table but these triggers (they run as the migrations' owner); every role that scores reads it.

CREATE TABLE IF NOT EXISTS kb_doctor_name_words (
    doctor_id uuid PRIMARY KEY REFERENCES doctors (id) ON DELETE CASCADE,
    names     text[] NOT NULL            -- kb_name_words_of(doctor_id)
);
-- the router, ai and sender have every table by the default privileges (007): reading only
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON kb_doctor_name_words FROM wa_router, wa_ai, wa_sender;
-- the dashboard's "try a question" explains
GRANT SELECT ON kb_doctor_name_words TO wa_dashboard;

-- 039's kb_name_words, verbatim: the words computed
CREATE OR REPLACE FUNCTION kb_name_words_of(p_doctor uuid) RETURNS text[] LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (
        SELECT coalesce(array_agg(DISTINCT kb_fold(w)), '{}')
        FROM doctors d, unnest(kb_raw_words(coalesce(d.name, '') || ' ' || coalesce(d.clinic_name, ''))) w
        WHERE d.id = p_doctor AND char_length(w) >= 3 AND w !~ '[0-9]'
          AND NOT EXISTS (SELECT 1 FROM kb_concepts c WHERE c.word = kb_fold(w))
          AND NOT EXISTS (SELECT 1 FROM kb_synonyms y WHERE y.term IN (w, kb_fold(w))
                            AND (y.doctor_id IS NULL OR y.doctor_id = p_doctor))
          AND NOT EXISTS (SELECT 1 FROM kb_stopwords sw WHERE sw.word = w));
END
$$;

-- Recomputes the given doctors' name words (every doctor's when p_doctors is NULL; a row left as it is when they did
-- not change), in the order of their ids (two refreshes at once take the rows' locks in the same order).
CREATE OR REPLACE FUNCTION kb_doctor_name_words_refresh(p_doctors uuid[]) RETURNS void LANGUAGE sql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
    INSERT INTO kb_doctor_name_words AS s (doctor_id, names)
    SELECT d.id, kb_name_words_of(d.id)
    FROM doctors d WHERE p_doctors IS NULL OR d.id = ANY (p_doctors) ORDER BY d.id
    ON CONFLICT (doctor_id) DO UPDATE SET names = excluded.names WHERE s.names IS DISTINCT FROM excluded.names;
$$;
REVOKE EXECUTE ON FUNCTION kb_doctor_name_words_refresh(uuid[]) FROM PUBLIC;

CREATE OR REPLACE FUNCTION kb_doctor_name_words_doctor() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
BEGIN
    PERFORM kb_doctor_name_words_refresh(ARRAY[NEW.id]);
    RETURN NULL;
END
$$;
DROP TRIGGER IF EXISTS kb_doctor_name_words_doctor ON doctors;
CREATE TRIGGER kb_doctor_name_words_doctor AFTER INSERT OR UPDATE OF name, clinic_name ON doctors
    FOR EACH ROW EXECUTE FUNCTION kb_doctor_name_words_doctor();

-- kb_concepts, kb_stopwords (any change) and a TRUNCATE of kb_synonyms: every doctor
CREATE OR REPLACE FUNCTION kb_doctor_name_words_lexicon() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
BEGIN
    PERFORM kb_doctor_name_words_refresh(NULL);
    RETURN NULL;
END
$$;

-- kb_synonyms: the doctors of the rows changed (old and new), every doctor when one of them is global
CREATE OR REPLACE FUNCTION kb_doctor_name_words_synonyms() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
DECLARE
    docs uuid[] := '{}';
    part uuid[];
    global boolean := false;
    g boolean;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        SELECT coalesce(array_agg(DISTINCT doctor_id) FILTER (WHERE doctor_id IS NOT NULL), '{}'),
               coalesce(bool_or(doctor_id IS NULL), false)
        INTO part, g FROM old_rows;
        docs := docs || part;
        global := global OR g;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        SELECT coalesce(array_agg(DISTINCT doctor_id) FILTER (WHERE doctor_id IS NOT NULL), '{}'),
               coalesce(bool_or(doctor_id IS NULL), false)
        INTO part, g FROM new_rows;
        docs := docs || part;
        global := global OR g;
    END IF;
    IF global THEN
        PERFORM kb_doctor_name_words_refresh(NULL);
    ELSIF cardinality(docs) > 0 THEN
        PERFORM kb_doctor_name_words_refresh(docs);
    END IF;
    RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS kb_concepts_0_name_words ON kb_concepts;
CREATE TRIGGER kb_concepts_0_name_words AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON kb_concepts
    FOR EACH STATEMENT EXECUTE FUNCTION kb_doctor_name_words_lexicon();
DROP TRIGGER IF EXISTS kb_stopwords_0_name_words ON kb_stopwords;
CREATE TRIGGER kb_stopwords_0_name_words AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON kb_stopwords
    FOR EACH STATEMENT EXECUTE FUNCTION kb_doctor_name_words_lexicon();
DROP TRIGGER IF EXISTS kb_synonyms_0_name_words_truncate ON kb_synonyms;
CREATE TRIGGER kb_synonyms_0_name_words_truncate AFTER TRUNCATE ON kb_synonyms
    FOR EACH STATEMENT EXECUTE FUNCTION kb_doctor_name_words_lexicon();
DROP TRIGGER IF EXISTS kb_synonyms_0_name_words_ins ON kb_synonyms;
CREATE TRIGGER kb_synonyms_0_name_words_ins AFTER INSERT ON kb_synonyms REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kb_doctor_name_words_synonyms();
DROP TRIGGER IF EXISTS kb_synonyms_0_name_words_upd ON kb_synonyms;
CREATE TRIGGER kb_synonyms_0_name_words_upd AFTER UPDATE ON kb_synonyms
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kb_doctor_name_words_synonyms();
DROP TRIGGER IF EXISTS kb_synonyms_0_name_words_del ON kb_synonyms;
CREATE TRIGGER kb_synonyms_0_name_words_del AFTER DELETE ON kb_synonyms REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kb_doctor_name_words_synonyms();

SELECT kb_doctor_name_words_refresh(NULL);

-- The words read: the doctor's row, or computed for a doctor without one (none after the fill above, every doctor
-- inserted since has one by its trigger; a doctor id that names no doctor gives '{}' as before).
CREATE OR REPLACE FUNCTION kb_name_words(p_doctor uuid) RETURNS text[] LANGUAGE plpgsql STABLE AS $$
DECLARE
    v text[];
BEGIN
    SELECT n.names INTO v FROM kb_doctor_name_words n WHERE n.doctor_id = p_doctor;
    IF FOUND THEN
        RETURN v;
    END IF;
    RETURN kb_name_words_of(p_doctor);
END
$$;
