-- 128: performance, round 21 (issue 14): the router's hits UPDATE no longer calls the specialty refresh for nothing.
--
-- The router's mark statement (services/router/store.c rt_store_mark_batch) counts the answered entries' hits with
-- one UPDATE of kb_entries a batch. 070's statement trigger kb_doctor_specialty_entries_upd then gathers the doctors
-- of the rows updated in more than their counter (none, for a counter update) and calls
-- kb_doctor_specialty_refresh with that array: an SQL function with a SET clause, so never inlined, whose INSERT ...
-- SELECT ... ON CONFLICT is planned again at every call, to insert nothing from an empty array.
--
-- Now the function returns at once when the array is empty; otherwise it calls the refresh as before, with the same
-- array (the same doctors, in the same order). kb_doctor_specialty_refresh of an empty array inserts and updates no
-- row (kb_doctor_specialty has row triggers only), so every table ends the same; only the call is skipped. The INSERT
-- path (new entries) is unchanged. Identical: eight UPDATEs of kb_entries and doctors (counters, content, both in
-- one, a specialization change, a no-op) leave kb_doctor_specialty, kb_versions and kb_entries the same under 070's
-- function and this one (bench/pg/specialty_trigger_070.sql is 070's, for comparisons).
-- Measured (README "Performance", round 21; load 5.8-8.7, the machine shared): bench/pg/record_breakdown.py, the
-- mark's batches of 77 with a hit each, old/new alternating: the trigger 8.1 / 3.2 -> 1.0 / 0.8 us a reply, the mark
-- 33.6 / 23.8 -> 17.0 / 16.9; the mark alone timed by its client, 16 alternations: median 127.7 -> 123.1 us a reply
-- (0.96). End to end (bench/pg/router_statements.py, 3 rounds interleaved) the router backend's 97-113 us a reply
-- does not resolve it (new/old 1.05, 0.94, 1.16 at load 6.4-8.7).
CREATE OR REPLACE FUNCTION kb_doctor_specialty_entries() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
DECLARE
    doctors uuid[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM kb_doctor_specialty_refresh(ARRAY(SELECT DISTINCT doctor_id FROM added));
    ELSE
        doctors := ARRAY(SELECT DISTINCT n.doctor_id FROM new_rows n JOIN old_rows o ON o.id = n.id
                         WHERE o.hits IS NOT DISTINCT FROM n.hits);
        IF cardinality(doctors) > 0 THEN
            PERFORM kb_doctor_specialty_refresh(doctors);
        END IF;
    END IF;
    RETURN NULL;
END
$$;
