-- 073: performance, round 16 (issue 14): the inbox's text search indexes what people wrote, not the system's answers.
--
-- The body's trigram GIN (012's messages_body_trgm) indexed every row: the patients' texts, and the system's own
-- automatic answers (source kb, ai, flow, welcome, fallback, emergency, reminder, queue, optout, ack ...), which are
-- the same few texts sent to every patient who asked. For the receptionist searching the inbox ("fever", a name,
-- "refund") those answers are noise: every conversation that got the fever answer was a hit for "fever" whatever
-- the patient wrote. The search (services/dashboard/inbox.c list_search) now matches what people wrote: the patient's
-- messages (direction 'in') and the staff's own (source 'manual': the inbox, reception and `wactl send`;
-- 'business_app': the clinic's WhatsApp Business app, 016's echoes), and this partial index holds exactly those rows;
-- its predicate is written as the search's condition so that the planner proves the one from the other. An outbound
-- row of any other source (or none) is no longer searched and no longer indexed.
--
-- Measured (bench/pg/body_index_cost.py, 100,000 messages as the mix writes them, 20-row statements alternating
-- between the two indexes in rolled-back transactions, medians; load average 5-8): an automatic answer's row
-- recorded by the sender 48 us of statement + 59 us of pending-list merge = 107 us with 012's index, 35 + 0 = 35 us
-- with this one (0.33x, 72 us a reply less: one such row a reply); the patient's and the staff's rows unchanged
-- (73 -> 71 and 43 -> 45 us). The index 14.1 -> 3.5 MiB. The search `?q=fever` over those rows (inbox.c's query,
-- EXPLAIN ANALYZE alternating, 5,000 conversations): 130 -> 62 ms, 5,000 -> 2,000 conversations found (those whose
-- patient wrote it); a word only the staff wrote ("prescription") 38 -> 38 ms. End to end (bench/mix_sat.py, the two
-- indexes as variants, 6 pairs, load 4.7-6.8): CPU per reply 640 -> 602 and 677 -> 629 us in two runs.
--
-- The other indexes of messages, checked against every query on it: (doctor_id, patient_id, id) (012) serves the
-- inbox's newest message a conversation and a conversation's page; (doctor_id, patient_id, created_at) (001) is not
-- redundant with it: the dashboard's staff-response report (reports.c) bounds each manual reply's patient messages
-- by created_at, 195 ms over 5,000 manual replies with it and 522 ms with only the id index (the whole conversation
-- read for each reply); the ai's history (services/ai/history.c) ORs (doctor_id, wa_id) with either. Both stay.
--
-- Building the index reads the table once under a lock that holds back writes to messages (a migration runs in one
-- transaction, so not CONCURRENTLY): ~1 s per 100,000 messages on the benchmark's machine.

CREATE INDEX IF NOT EXISTS messages_body_trgm_people ON messages USING gin (body gin_trgm_ops)
    WHERE direction = 'in' OR source IN ('manual', 'business_app');
DROP INDEX IF EXISTS messages_body_trgm;
