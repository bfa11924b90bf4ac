-- bench/pg/triggers_row.sql: puts back the two row-level AFTER INSERT triggers on messages that 037_perf5.sql
-- replaced (as 024_schools.sql and 025_broadcasts.sql created them), so that a benchmark can measure the old and
-- the new triggers in the same run (bench/pg/router_statements.py; apply 037_perf5.sql again to switch back).
DROP TRIGGER IF EXISTS messages_inbound_rows ON messages;
DROP TRIGGER IF EXISTS messages_broadcasts_in ON messages;
CREATE TRIGGER messages_broadcasts_in AFTER INSERT ON messages
    FOR EACH ROW WHEN (NEW.direction = 'in' AND NEW.patient_id IS NOT NULL) EXECUTE FUNCTION broadcasts_apply_message();
DROP TRIGGER IF EXISTS messages_schools_keyword_optin ON messages;
CREATE TRIGGER messages_schools_keyword_optin AFTER INSERT ON messages
    FOR EACH ROW WHEN (NEW.direction = 'in' AND NEW.type = 'text') EXECUTE FUNCTION schools_keyword_optin();
