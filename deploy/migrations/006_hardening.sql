-- Hardening (issue 12): a per-patient limit of upcoming appointments, so that one patient cannot book every free
-- slot of a clinic. The router counts a patient's booked appointments still to come (the one being rescheduled
-- aside) under a lock on the patient's row and refuses a booking past the limit with a clear message.
ALTER TABLE clinic_settings
    ADD COLUMN IF NOT EXISTS max_upcoming_per_patient int NOT NULL DEFAULT 2
        CHECK (max_upcoming_per_patient BETWEEN 1 AND 50);

-- The count runs on every booking: the patient's booked appointments, newest first.
CREATE INDEX IF NOT EXISTS appointments_patient_booked ON appointments (doctor_id, patient_id, slot_start)
    WHERE status = 'booked';
