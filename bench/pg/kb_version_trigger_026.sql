-- bench/pg/kb_version_trigger_026.sql: puts 026_perf.sql's version trigger back on kb_entries (every updated row
-- compared as JSON), for comparisons with 048_perf11.sql's (bench/pg/router_statements.py, bench/pg/hits_trigger.py).
DROP TRIGGER IF EXISTS kb_entries_version_upd ON kb_entries;
CREATE TRIGGER kb_entries_version_upd AFTER UPDATE ON kb_entries
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kb_version_bump_updated();
