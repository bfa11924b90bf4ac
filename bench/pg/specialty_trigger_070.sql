-- 070_score15.sql's kb_doctor_specialty_entries, as it was before 128_perf31.sql (bench/pg/router_statements.py compares them).
CREATE OR REPLACE FUNCTION kb_doctor_specialty_entries() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM kb_doctor_specialty_refresh(ARRAY(SELECT DISTINCT doctor_id FROM added));
    ELSE
        PERFORM kb_doctor_specialty_refresh(ARRAY(
            SELECT DISTINCT n.doctor_id FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE o.hits IS NOT DISTINCT FROM n.hits));
    END IF;
    RETURN NULL;
END
$$;
