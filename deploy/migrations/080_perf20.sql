-- 080: performance, round 13 (issue 14): the messages' indexes, fewer entries per recorded message and no index
-- column that a status changes.
--
-- Every reply records two rows in messages (the router's inbound row, the sender's outbound row) and each row is an
-- entry in every index of the table: ten of them before this migration. Each was checked against every query that
-- reads messages (bench/pg/messages_indexes.py explain: 50 clinics, 20,000 patients, 500,000 messages; README
-- "Performance", "Round 13, the messages' indexes"):
--
--   out_id's UNIQUE constraint (001) indexed the inbound rows too, whose out_id is always NULL (half the table): the
--     unique index is now partial (WHERE out_id IS NOT NULL). Uniqueness is the same (NULLs never conflicted), every
--     query names an out_id (= or = ANY, which implies NOT NULL, so the planner uses the partial index), and the
--     sender's INSERT ... ON CONFLICT DO NOTHING has no target, so it still skips a repeated out_id.
--   (doctor_id, patient_id, created_at) (001) and (doctor_id, patient_id, id) (012) are one index now: (doctor_id,
--     patient_id, id) INCLUDE (created_at, direction, source). The inbox reads a conversation by id as before; the
--     staff-response report's three look-ups per staff reply (bounded by created_at, 073 kept the created_at index
--     for them) read the conversation's entries without the table (an index-only scan: created_at, direction and
--     source are in the entry); the ai's history ORs its two look-ups in a bitmap, which either index serves.
--   messages_pricing_idx (016) served no query (the cost report reads a clinic's period through (doctor_id,
--     created_at)), and (doctor_id, created_at) (022) carried the pricing columns for that report. A status that
--     carries pricing (Meta's sent and delivered statuses do) sets them once per outbound message: a change of an
--     indexed column, so that UPDATE could not be HOT and wrote a new row version into every index. Without the
--     pricing columns in any index it is HOT like the other status updates (050's fillfactor leaves the room); the
--     cost report now reads the pricing of the period's outbound rows from the table.
--   (doctor_id, wa_id, created_at) (019) stays: the ai's history for an address whose rows belong to no patient or to
--     another (a send before the patient existed, a merged or renumbered patient) has no other index (0.2 -> 31 ms
--     without it). The wamid key, the primary key, the emergencies' partial index and 073's trigram index stay.
--
-- Building the two rebuilt indexes reads the table under a lock that holds back writes to messages (a migration runs
-- in one transaction, so not CONCURRENTLY): 2.9 s for 500,000 messages on the benchmark's machine.

ALTER TABLE messages DROP CONSTRAINT IF EXISTS messages_out_id_key;
CREATE UNIQUE INDEX IF NOT EXISTS messages_out_id_key ON messages (out_id) WHERE out_id IS NOT NULL;

DROP INDEX IF EXISTS messages_doctor_patient_idx;
DROP INDEX IF EXISTS messages_doctor_patient_id_idx;
CREATE INDEX messages_doctor_patient_id_idx ON messages (doctor_id, patient_id, id)
    INCLUDE (created_at, direction, source);

DROP INDEX IF EXISTS messages_pricing_idx;
DROP INDEX IF EXISTS messages_doctor_created_idx;
CREATE INDEX messages_doctor_created_idx ON messages (doctor_id, created_at) INCLUDE (direction, source);
