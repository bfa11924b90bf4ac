-- 012: the dashboard's live inbox (issue 16): a read marker per conversation (the newest message the clinic's staff
-- have seen; shared by the clinic's users, like a shared mailbox) for the unread counts, and the indexes that keep
-- the conversation list fast with 100,000 messages and 5,000 patients in one clinic (bench/dashboard/bench.py):
-- the newest message of each patient by id, and a trigram index for the search by message text.

CREATE TABLE IF NOT EXISTS inbox_reads (
    doctor_id  uuid NOT NULL REFERENCES doctors (id) ON DELETE CASCADE,
    patient_id uuid NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    read_up_to bigint NOT NULL DEFAULT 0,        -- messages.id of the newest message seen
    read_at    timestamptz NOT NULL DEFAULT now(),
    read_by    text,                             -- "user:<email>" or "token:<name>"
    PRIMARY KEY (doctor_id, patient_id)
);

-- A conversation's messages in id order, and its newest one (the list takes one index probe per patient).
CREATE INDEX IF NOT EXISTS messages_doctor_patient_id_idx ON messages (doctor_id, patient_id, id);
-- Search by text: body ILIKE '%words%'.
CREATE INDEX IF NOT EXISTS messages_body_trgm ON messages USING gin (body gin_trgm_ops);
-- Search by name.
CREATE INDEX IF NOT EXISTS patients_name_trgm ON patients USING gin (profile_name gin_trgm_ops);
