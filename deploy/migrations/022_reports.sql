-- 022: reports and analytics (issue 17, "Reports and analytics"; services/dashboard/reports.c).
-- The reports read a period of one clinic (or of every clinic, for the operator) from the tables the pipeline already
-- writes. This file adds what they need to stay fast on a year of a busy clinic's data, and the one fact that was not
-- recorded: by which channel an appointment was made.
--
--   appointments.channel  'whatsapp' (the patient booked in the chat: the router's booking flow, and every row made
--                         before this migration, which only that flow could make) or 'reception' (booked by the
--                         clinic's staff for a patient who phoned or walked in: the dashboard's reception page)
--   indexes               messages by (doctor, time) with the columns the per-day, by-source and cost reports read
--                         (index-only scans); appointments by (doctor, slot); referrals by (doctor, time)
--   grants                wa_dashboard reads the appointments, the walk-in queue and the referrals (014 gave it
--                         neither: a later table is the dashboard's only if a migration grants it)

ALTER TABLE appointments
    ADD COLUMN IF NOT EXISTS channel text NOT NULL DEFAULT 'whatsapp'
        CHECK (channel IN ('whatsapp', 'reception'));

CREATE INDEX IF NOT EXISTS messages_doctor_created_idx ON messages (doctor_id, created_at)
    INCLUDE (direction, source, pricing_category, pricing_type, pricing_billable);
CREATE INDEX IF NOT EXISTS appointments_doctor_slot_idx ON appointments (doctor_id, slot_start);
CREATE INDEX IF NOT EXISTS referrals_doctor_created_idx ON referrals (doctor_id, created_at);

GRANT SELECT ON appointments, queue_tokens, referrals TO wa_dashboard;
