-- 048: performance, round 6 (issue 14): the knowledge-base version trigger on kb_entries, for the router's hits.
--
-- The router counts an entry's answers (hits) in its mark statement, one UPDATE of kb_entries per batch of ~77
-- replies (services/router/store.c rt_store_mark_batch). 026's statement trigger kb_version_bump_updated then
-- compares every updated row with its old version as JSON (to_jsonb of both whole rows, question, answer and examples
-- included, minus hits and updated_at) to tell a change of content (the answer cache must be emptied) from a
-- counter: measured on the real schema (bench/pg/hits_trigger.py: 10 doctors x 20 entries, batches of 77 answers,
-- backend CPU from /proc), the hits UPDATE cost 10.0-11.3 us of CPU a reply, 3.5-4.8 without the trigger.
--
-- kb_entries gets a trigger function of its own (kb_synonyms and kb_intents keep 026's), with the same result: a
-- row first has its hits and updated_at set to the new version's (jsonb_populate_record of the old row with just
-- those two values) and is compared with the new row by binary image (*=, record_image_eq: any column type, a
-- column added later included); a row equal so has the same JSON too and is skipped, and only a row that differs
-- goes on to 026's JSON comparison, unchanged. So the same doctors' versions are bumped, by one per statement, in
-- the same order, and the router's hits UPDATE costs 5.2-8.2 us a reply in the same measurement (README
-- "Performance", round 6, the router's PostgreSQL per repeated reply). A later migration renaming or dropping hits or
-- updated_at must replace this function.
CREATE OR REPLACE FUNCTION kb_entries_version_bump_updated() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
BEGIN
    INSERT INTO kb_versions AS v (doctor_id, version)
    SELECT DISTINCT coalesce(d, '00000000-0000-0000-0000-000000000000'::uuid), 1
    FROM old_rows o JOIN new_rows n ON n.id = o.id, LATERAL (VALUES (o.doctor_id), (n.doctor_id)) x(d)
    WHERE NOT jsonb_populate_record(o, jsonb_build_object('hits', n.hits, 'updated_at', n.updated_at)) *= n
      AND to_jsonb(o) - 'hits' - 'updated_at' IS DISTINCT FROM to_jsonb(n) - 'hits' - 'updated_at'
    ORDER BY 1
    ON CONFLICT (doctor_id) DO UPDATE SET version = v.version + 1;
    RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS kb_entries_version_upd ON kb_entries;
CREATE TRIGGER kb_entries_version_upd AFTER UPDATE ON kb_entries
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kb_entries_version_bump_updated();
