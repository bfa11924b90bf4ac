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
    FOREACH t IN ARRAY ARRAY['kb_entries', 'kb_synonyms', 'kb_intents', 'kb_stopwords', 'kb_weights'] LOOP
        EXECUTE format('DROP TRIGGER IF EXISTS %1$s_version_truncate ON %1$I', t);
        EXECUTE format('CREATE TRIGGER %1$s_version_truncate AFTER TRUNCATE ON %1$I'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION kb_version_bump_global()', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['kb_stopwords', 'kb_weights'] LOOP
        EXECUTE format('DROP TRIGGER IF EXISTS %1$s_version ON %1$I', t);
        EXECUTE format('CREATE TRIGGER %1$s_version AFTER INSERT OR UPDATE OR DELETE ON %1$I'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION kb_version_bump_global()', t);
    END LOOP;
END
$$;

-- The router reads it in its record statement; the dashboard does not need it (the trigger runs as its owner).
GRANT SELECT ON kb_versions TO wa_router;
