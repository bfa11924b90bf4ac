-- 097: performance, round 16 (issue 14): the match's token weights (kb_token_weights_kept) read each word's entry
-- count from a table kept per doctor instead of counting the clinic's examples at every call; its rows in an explicit
-- order.
--
-- Measured first (README "Round 16, the weights' entry counts kept per doctor"; bench/router/round16.py; a scratch
-- database, autovacuum off, load 2.3-6 from other jobs): kb_token_weights_kept alone over the 21,448 calls the router's
-- statement makes for every kb_eval pair and bench question, 066's body 137-150 us a call, of which the entry counts
-- (`df` below) ~70 and the concept probes most of the rest. Kept: the counts read from a table, 143 -> 65 us a call
-- (0.45x); the router's statement a text new/old at 1 / 4 / 16 texts a statement over three runs, the bench's KB
-- questions (the KB-cold row's texts) 0.988 / 1.000 / 0.986, 0.896 / 0.875 / 0.898, 0.909 / 0.880 / 0.845 (mean 0.92),
-- paraphrases 0.91, ai questions 0.95, kb_eval pairs 0.97. Identity: the table equals 066's count for every (doctor,
-- word); 52,527 texts through the router's statement against 066's weights: label, entry, question, answer and row
-- order 0 differ in 78,674 rows, 600 scores differ in their last bit (<= 2.2e-16, the new row order); kb_match over
-- 12,443 KB questions: entries 0 differ, 447 scores in their last bit; tests/kb_eval/eval.py --set all identical.
-- Writes: loading tests/kb_eval's clinics 0.97 s backend CPU against 0.90 without the triggers (+8 %).
-- Measured and NOT kept (the function alone, ratios to 066): the concept test as a join of kb_concepts (1.18 against
-- the kept probe) or as one array of the text's concept words (0.755 against 0.454); the counts' join restricted by
-- `t = ANY (toks)` (0.58 against 0.50); without a table: 066's body with the ORDER BY only 1.079, flattened without the
-- intents' branch 0.86-1.04, the entries' join as a hashed array with DISTINCT (word, entry) 1.11, a scalar probe a
-- word of a kept table 1.11.
--
-- kb_token_weights_kept(doctor, toks, false) (066's body) gives each distinct word of toks a base and a weight; the
-- weight divides the base by 1 + 0.5 ln(n), n the number of enabled entries of the doctor with an example (toks ||
-- ktoks) holding the word (066's `df`: a bitmap scan of the doctor's examples, an index probe of kb_entries for each,
-- their words unnested, sorted and counted distinct, a hash join; ~half of the call's time). n depends only on the
-- doctor's examples and which entries are enabled, so it is kept in kb_doctor_token_df (exactly 066's df: one row per
-- word the doctor's enabled entries' examples hold, n > 0; no row = no such entry, df.n NULL as before):
--   * kb_examples inserted, updated or deleted (kb_examples_refresh's rewrite of an entry's examples, a lexicon
--     migration's retokenising, a cascade from kb_entries or doctors): the words of the rows changed (old and new),
--     counted again for their doctors (statement triggers with the changed rows); truncated: emptied;
--   * an entry enabled or disabled: the words of its examples, counted again (row trigger, only when enabled changes);
--   * every doctor filled here.
-- Each refresh first takes a transaction-scoped advisory lock on the doctor (doctors in id order), so two writers of
-- one clinic's knowledge base count in turn, the second after the first's commit (READ COMMITTED: its counting
-- statement's snapshot sees the first's rows); the table is written in the same transaction as the examples, so a
-- reader's snapshot sees counts and examples of the same moment. Nobody else writes it; every role that scores reads
-- it. A lexicon migration's `UPDATE kb_entries SET question = question` rewrites each entry's examples: two refreshes
-- of that entry's words an entry.
--
-- The weights' rows were in the order of 066's hash joins (039's note: the score's float sums read them in that order,
-- so a plan change, e.g. after an ANALYZE, could move the scores' last bits); they now come sorted by the word (COLLATE
-- "C"), an order no plan changes. The rows themselves (word, base, weight as exact floats) are 066's; the intents'
-- call (p_intents true) runs kb_token_weights as before.

CREATE TABLE IF NOT EXISTS kb_doctor_token_df (
    doctor_id uuid   NOT NULL REFERENCES doctors (id) ON DELETE CASCADE,
    t         text   NOT NULL,
    n         bigint NOT NULL,  -- count(DISTINCT entry_id) of the doctor's enabled entries' examples holding t
    PRIMARY KEY (doctor_id, t)
);
-- the router, ai and sender have every table by the default privileges (007): reading only
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON kb_doctor_token_df FROM wa_router, wa_ai, wa_sender;
-- the dashboard's "try a question" explains
GRANT SELECT ON kb_doctor_token_df TO wa_dashboard;

-- Counts again the given words of one doctor (every word of it when p_toks is NULL): 066's df for those words.
CREATE OR REPLACE FUNCTION kb_doctor_token_df_refresh(p_doctor uuid, p_toks text[]) RETURNS void LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    -- one writer of a doctor's counts at a time (key 97: this migration's; the doctor's uuid hashed)
    PERFORM pg_advisory_xact_lock(97, hashtext(p_doctor::text));
    DELETE FROM kb_doctor_token_df f WHERE f.doctor_id = p_doctor AND (p_toks IS NULL OR f.t = ANY (p_toks));
    INSERT INTO kb_doctor_token_df (doctor_id, t, n)
    SELECT p_doctor, u.t, count(DISTINCT x.entry_id)
    FROM kb_examples x JOIN kb_entries k ON k.id = x.entry_id AND k.enabled, unnest(x.toks || x.ktoks) u(t)
    WHERE x.doctor_id = p_doctor AND (p_toks IS NULL OR ((x.toks || x.ktoks) && p_toks AND u.t = ANY (p_toks)))
    GROUP BY u.t;
END
$$;
REVOKE EXECUTE ON FUNCTION kb_doctor_token_df_refresh(uuid, text[]) FROM PUBLIC;

-- kb_examples changed: each doctor of the rows changed, the words of its rows (old and new), in the doctors' order
CREATE OR REPLACE FUNCTION kb_doctor_token_df_examples() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
DECLARE
    r record;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM kb_doctor_token_df;
        RETURN NULL;
    END IF;
    -- the transition tables a statement has (a query naming one it lacks fails): one loop each
    IF TG_OP = 'INSERT' THEN
        FOR r IN SELECT c.doctor_id, array_agg(DISTINCT u) AS toks FROM new_rows c, unnest(c.toks || c.ktoks) u
                 GROUP BY c.doctor_id ORDER BY c.doctor_id LOOP
            PERFORM kb_doctor_token_df_refresh(r.doctor_id, r.toks);
        END LOOP;
    ELSIF TG_OP = 'DELETE' THEN
        FOR r IN SELECT c.doctor_id, array_agg(DISTINCT u) AS toks FROM old_rows c, unnest(c.toks || c.ktoks) u
                 GROUP BY c.doctor_id ORDER BY c.doctor_id LOOP
            PERFORM kb_doctor_token_df_refresh(r.doctor_id, r.toks);
        END LOOP;
    ELSE
        FOR r IN SELECT c.doctor_id, array_agg(DISTINCT u) AS toks
                 FROM (SELECT o.doctor_id, o.toks || o.ktoks AS k FROM old_rows o
                       UNION ALL SELECT w.doctor_id, w.toks || w.ktoks FROM new_rows w) c, unnest(c.k) u
                 GROUP BY c.doctor_id ORDER BY c.doctor_id LOOP
            PERFORM kb_doctor_token_df_refresh(r.doctor_id, r.toks);
        END LOOP;
    END IF;
    RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS kb_examples_token_df_ins ON kb_examples;
CREATE TRIGGER kb_examples_token_df_ins AFTER INSERT ON kb_examples REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kb_doctor_token_df_examples();
DROP TRIGGER IF EXISTS kb_examples_token_df_upd ON kb_examples;
CREATE TRIGGER kb_examples_token_df_upd AFTER UPDATE ON kb_examples
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kb_doctor_token_df_examples();
DROP TRIGGER IF EXISTS kb_examples_token_df_del ON kb_examples;
CREATE TRIGGER kb_examples_token_df_del AFTER DELETE ON kb_examples REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kb_doctor_token_df_examples();
DROP TRIGGER IF EXISTS kb_examples_token_df_truncate ON kb_examples;
CREATE TRIGGER kb_examples_token_df_truncate AFTER TRUNCATE ON kb_examples
    FOR EACH STATEMENT EXECUTE FUNCTION kb_doctor_token_df_examples();

-- an entry enabled or disabled: the words of its examples
CREATE OR REPLACE FUNCTION kb_doctor_token_df_enabled() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
BEGIN
    PERFORM kb_doctor_token_df_refresh(NEW.doctor_id,
                                       (SELECT coalesce(array_agg(DISTINCT u), '{}') FROM kb_examples x,
                                               unnest(x.toks || x.ktoks) u WHERE x.entry_id = NEW.id));
    RETURN NULL;
END
$$;
DROP TRIGGER IF EXISTS kb_entries_token_df_enabled ON kb_entries;
CREATE TRIGGER kb_entries_token_df_enabled AFTER UPDATE OF enabled ON kb_entries
    FOR EACH ROW WHEN (OLD.enabled IS DISTINCT FROM NEW.enabled) EXECUTE FUNCTION kb_doctor_token_df_enabled();

SELECT kb_doctor_token_df_refresh(d.id, NULL) FROM doctors d ORDER BY d.id;
ANALYZE kb_doctor_token_df;

-- 066's rows, each word's entry count read from kb_doctor_token_df, sorted by the word
CREATE OR REPLACE FUNCTION kb_token_weights_kept(p_doctor uuid, p_toks text[], p_intents boolean)
RETURNS TABLE (t text, base double precision, w double precision)
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan AS $$
BEGIN
    IF p_intents THEN
        RETURN QUERY SELECT kw.t, kw.base, kw.w FROM kb_token_weights(p_doctor, p_toks, p_intents) kw;
        RETURN;
    END IF;
    RETURN QUERY
    SELECT b.t, b.base, b.base / (1 + 0.5 * ln(greatest(coalesce(b.n, 1), 1)))
    FROM (SELECT a.t, df.n,
                 coalesce(kw.weight,
                          CASE WHEN a.t ~ '^[0-9]' THEN 0.3
                               WHEN (SELECT true FROM kb_concepts y WHERE y.word = a.t) THEN 1
                               WHEN df.n IS NOT NULL THEN 0.8
                               ELSE 0.6 END) AS base
          FROM (SELECT DISTINCT unnest(p_toks) AS t) a
          LEFT JOIN kb_doctor_token_df df ON df.doctor_id = p_doctor AND df.t = a.t
          LEFT JOIN kb_weights kw ON kw.word = a.t
          OFFSET 0) b
    ORDER BY b.t COLLATE "C";
END
$$;
