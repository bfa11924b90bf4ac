-- 026: the knowledge base's version per doctor (issue 14), so that the router can keep the answers it computed
-- (services/router/kbcache.c: the lookup's output per doctor and normalised text) and know, in the statement it
-- already runs for every batch (rt_store_record_batch), whether they still hold.
--
-- Every change that can change what kb_match() says for a doctor bumps a counter: that doctor's row for its own
-- entries, synonyms and intent examples, the global row (doctor_id 00000000-...) for the rows every clinic shares
-- (global synonyms and intents, stop words, weights) and for TRUNCATE. A doctor's version is the sum of its row and
-- the global row: it never goes down and moves on every such change, and the trigger bumps it in the transaction of
-- the change, so a router that reads version V before a lookup computes an answer at least as new as V. The writers
-- (dashboard, wactl, migrations) need no code of their own; the function runs as its owner so that the dashboard's
-- least-privileged role (014) needs no grant on this table.

CREATE TABLE IF NOT EXISTS kb_versions (
    doctor_id uuid PRIMARY KEY, -- 00000000-0000-0000-0000-000000000000: the rows every clinic shares
    version   bigint NOT NULL DEFAULT 0
);

-- Bumps the doctors of the statement's transition table `changed` (a NULL doctor_id: the global row).
CREATE OR REPLACE FUNCTION kb_version_bump_rows() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
BEGIN
    INSERT INTO kb_versions AS v (doctor_id, version)
    SELECT DISTINCT coalesce(doctor_id, '00000000-0000-0000-0000-000000000000'::uuid), 1 FROM changed ORDER BY 1
    ON CONFLICT (doctor_id) DO UPDATE SET version = v.version + 1;
    RETURN NULL;
END
$$;

-- An UPDATE bumps the doctors (before and after) of the rows that changed in more than their counters: the router
-- counts an entry's answers (hits) with an UPDATE of every batch, which must not empty the cache.
CREATE OR REPLACE FUNCTION kb_version_bump_updated() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
BEGIN
    INSERT INTO kb_versions AS v (doctor_id, version)
    SELECT DISTINCT coalesce(d, '00000000-0000-0000-0000-000000000000'::uuid), 1
    FROM old_rows o JOIN new_rows n ON n.id = o.id, LATERAL (VALUES (o.doctor_id), (n.doctor_id)) x(d)
    WHERE to_jsonb(o) - 'hits' - 'updated_at' IS DISTINCT FROM to_jsonb(n) - 'hits' - 'updated_at'
    ORDER BY 1
    ON CONFLICT (doctor_id) DO UPDATE SET version = v.version + 1;
    RETURN NULL;
END
$$;

-- Bumps the global row (a change of a table every clinic shares, or a TRUNCATE).
CREATE OR REPLACE FUNCTION kb_version_bump_global() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
BEGIN
    INSERT INTO kb_versions AS v (doctor_id, version) VALUES ('00000000-0000-0000-0000-000000000000', 1)
    ON CONFLICT (doctor_id) DO UPDATE SET version = v.version + 1;
    RETURN NULL;
END
$$;

-- kb_entries (kb_examples follows it by trigger), kb_synonyms, kb_intents (their words feed the typo correction):
-- the doctors of the rows before and after the change.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['kb_entries', 'kb_synonyms', 'kb_intents'] LOOP
        EXECUTE format('DROP TRIGGER IF EXISTS %1$s_version_ins ON %1$I', t);
        EXECUTE format('CREATE TRIGGER %1$s_version_ins AFTER INSERT ON %1$I REFERENCING NEW TABLE AS changed'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION kb_version_bump_rows()', t);
        EXECUTE format('DROP TRIGGER IF EXISTS %1$s_version_upd ON %1$I', t);
        EXECUTE format('CREATE TRIGGER %1$s_version_upd AFTER UPDATE ON %1$I'
                       ' REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION kb_version_bump_updated()', t);
        EXECUTE format('DROP TRIGGER IF EXISTS %1$s_version_del ON %1$I', t);
        EXECUTE format('CREATE TRIGGER %1$s_version_del AFTER DELETE ON %1$I REFERENCING OLD TABLE AS changed'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION kb_version_bump_rows()', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['kb_entries', 'kb_synonyms', 'kb_intents', 'kb_stopwords', 'kb_weights',
                              'kb_words'] LOOP
        EXECUTE format('DROP TRIGGER IF EXISTS %1$s_version_truncate ON %1$I', t);
        EXECUTE format('CREATE TRIGGER %1$s_version_truncate AFTER TRUNCATE ON %1$I'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION kb_version_bump_global()', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['kb_stopwords', 'kb_weights', 'kb_words'] LOOP  -- kb_words: 020's ordinary words
        EXECUTE format('DROP TRIGGER IF EXISTS %1$s_version ON %1$I', t);
        EXECUTE format('CREATE TRIGGER %1$s_version AFTER INSERT OR UPDATE OR DELETE ON %1$I'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION kb_version_bump_global()', t);
    END LOOP;
END
$$;

-- The router reads it in its record statement; the dashboard does not need it (the trigger runs as its owner).
GRANT SELECT ON kb_versions TO wa_router;

-- kb_token_weights (008) counted the entries (or intents) of EVERY word of the doctor's examples (of every intent
-- example) at each call, though only the words asked about are read (the LEFT JOIN on the question's tokens): most
-- of kb_intent_choose's time (30-60 ms a text on the development machine) went into it. The same function counting
-- only those words, from the rows that contain one of them: the same weights, so the same scores and decisions
-- (tests/kb_eval measures them).
CREATE OR REPLACE FUNCTION kb_token_weights(p_doctor uuid, p_toks text[], p_intents boolean DEFAULT false)
RETURNS TABLE (t text, base double precision, w double precision) LANGUAGE sql STABLE AS $$
    WITH df AS (
        SELECT u.t, count(DISTINCT x.entry_id) AS n
        FROM kb_examples x JOIN kb_entries k ON k.id = x.entry_id AND k.enabled, unnest(x.toks || x.ktoks) u(t)
        WHERE NOT p_intents AND x.doctor_id = p_doctor AND (x.toks || x.ktoks) && p_toks AND u.t = ANY (p_toks)
        GROUP BY u.t
        UNION ALL
        SELECT u.t, count(DISTINCT i.intent)
        FROM kb_intents i, unnest(i.toks) u(t)
        WHERE p_intents AND (i.doctor_id IS NULL OR i.doctor_id = p_doctor) AND i.toks && p_toks AND u.t = ANY (p_toks)
        GROUP BY u.t),
    b AS (
        SELECT a.t, df.n,
               coalesce(CASE WHEN p_intents THEN kw.intent_weight ELSE kw.weight END,
                        CASE WHEN a.t ~ '^[0-9]' THEN 0.3
                             WHEN p_intents AND df.n IS NOT NULL THEN 1
                             WHEN p_intents AND EXISTS (SELECT 1 FROM kb_examples x
                                                        WHERE x.doctor_id = p_doctor AND a.t = ANY (x.toks || x.ktoks))
                                 THEN 1
                             WHEN p_intents THEN 0.3
                             WHEN EXISTS (SELECT 1 FROM kb_concepts y WHERE y.word = a.t) THEN 1
                             WHEN df.n IS NOT NULL THEN 0.8
                             ELSE 0.6 END) AS base
        FROM (SELECT DISTINCT unnest(p_toks) AS t) a
        LEFT JOIN df ON df.t = a.t LEFT JOIN kb_weights kw ON kw.word = a.t)
    SELECT b.t, b.base, b.base / (1 + 0.5 * ln(greatest(coalesce(b.n, 1), 1))) FROM b
$$;

-- kb_intent_tokens (008): its `intent IN (subquery)` ran as a nested loop that scanned kb_intents again for each of
-- its rows (345 x 345 array overlaps, about 33 ms a text); the same set as an array, computed once.
CREATE OR REPLACE FUNCTION kb_intent_tokens(p_doctor uuid, p_toks text[], p_limit int DEFAULT 3)
RETURNS TABLE (intent text, score double precision, coverage double precision, fit double precision,
               missing text[])
LANGUAGE sql STABLE AS $$
    WITH ex AS MATERIALIZED (
        SELECT i.intent, i.toks FROM kb_intents i
        WHERE (i.doctor_id IS NULL OR i.doctor_id = p_doctor) AND cardinality(p_toks) > 0 AND cardinality(i.toks) > 0
          AND i.intent = ANY (ARRAY(SELECT j.intent FROM kb_intents j WHERE j.toks && p_toks
                                    AND (j.doctor_id IS NULL OR j.doctor_id = p_doctor)))),
    wt AS MATERIALIZED (SELECT * FROM kb_token_weights(p_doctor, p_toks || (SELECT coalesce(array_agg(DISTINCT u), '{}')
                                                                           FROM ex, unnest(ex.toks) u), true)),
    qw AS (SELECT sum(w) AS total FROM wt WHERE t = ANY (p_toks)),
    ent AS (SELECT ex.intent, array_agg(DISTINCT u) AS known FROM ex, unnest(ex.toks) u GROUP BY ex.intent),
    cov AS (SELECT ent.intent, h.hit / nullif(h.hit + h.miss, 0) AS c, h.hitbase,
                   (SELECT coalesce(array_agg(t ORDER BY t), '{}') FROM unnest(p_toks) t WHERE NOT t = ANY (ent.known))
                       AS missing
            FROM ent, LATERAL (SELECT coalesce(sum(w) FILTER (WHERE t = ANY (ent.known)), 0) AS hit,
                                      coalesce(sum(base) FILTER (WHERE t = ANY (ent.known)), 0) AS hitbase,
                                      -- a greeting is only a greeting: any other word counts fully
                                      coalesce(sum(CASE WHEN ent.intent = 'greeting' THEN greatest(base, 1) ELSE base END)
                                               FILTER (WHERE NOT t = ANY (ent.known)), 0) AS miss
                               FROM wt WHERE t = ANY (p_toks)) h),
    fit AS (SELECT ex.intent,
                   max(2 * coalesce((SELECT sum(w) FROM wt WHERE t = ANY (p_toks) AND t = ANY (ex.toks)), 0)
                       / (qw.total + coalesce((SELECT sum(w) FROM wt WHERE t = ANY (ex.toks)), 0))) AS f
            FROM ex, qw GROUP BY ex.intent)
    -- a text must share a real word with the intent: "what time?" shares only a time with "what time is my
    -- appointment", which is not enough
    SELECT cov.intent, (0.6 * coalesce(cov.c, 0) + 0.4 * fit.f) * least(1, cov.hitbase / 0.6), cov.c, fit.f,
           cov.missing
    FROM cov JOIN fit USING (intent)
    ORDER BY 2 DESC, 1 LIMIT p_limit
$$;
