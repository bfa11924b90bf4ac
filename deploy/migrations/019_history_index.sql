-- wa-ai reads a patient's recent history by (doctor_id, wa_id) or by the patient (services/ai/history.c); only the
-- patient side had an index, so the history of every ai answer scanned the doctor's messages and grew with them
-- (bench/e2e.py: the ai stage's PostgreSQL backend took about half the CPU of the mix).
CREATE INDEX IF NOT EXISTS messages_doctor_wa_id_idx ON messages (doctor_id, wa_id, created_at);
