-- 023: the dashboard's reception (issue 17). An appointment records how it was booked (channel: whatsapp, the
-- patient's own booking, or reception, for a patient who phoned or came to the desk), why the clinic cancelled or
-- moved it (cancel_reason, told to the patient), and whether the patient came (attendance: arrived or no_show,
-- marked by the reception; NULL until then). status keeps its two values, so every query of the router and of the
-- reminders over booked appointments is unchanged; a rescheduled appointment is cancelled and a new one booked
-- (rescheduled_from links them).
--
-- wa-dashboard (014_dashboard_role.sql) may now run the reception: book (a patient row for a number that never
-- wrote, the appointment and its place), cancel and reschedule (the place freed), mark attendance, block and
-- unblock days, run today's queue (call, skip, recall, close), and read the referrals.

ALTER TABLE appointments
    ADD COLUMN IF NOT EXISTS channel          text NOT NULL DEFAULT 'whatsapp'
                                              CHECK (channel IN ('whatsapp', 'reception')),
    ADD COLUMN IF NOT EXISTS cancel_reason    text CHECK (cancel_reason IS NULL OR length(cancel_reason) <= 500),
    ADD COLUMN IF NOT EXISTS attendance       text CHECK (attendance IN ('arrived', 'no_show')),
    ADD COLUMN IF NOT EXISTS attendance_at    timestamptz,
    ADD COLUMN IF NOT EXISTS rescheduled_from uuid REFERENCES appointments (id) ON DELETE SET NULL;

-- the reception's day and week views read a doctor's appointments by time, whatever their status
CREATE INDEX IF NOT EXISTS appointments_doctor_time ON appointments (doctor_id, slot_start);

GRANT INSERT ON patients TO wa_dashboard;
GRANT SELECT, INSERT, UPDATE ON appointments TO wa_dashboard;
GRANT SELECT, INSERT, DELETE ON slot_bookings, clinic_blocked_days TO wa_dashboard;
GRANT SELECT, UPDATE ON queue_tokens TO wa_dashboard;
GRANT SELECT, INSERT ON queue_days TO wa_dashboard;
GRANT SELECT ON referrals, referral_codes TO wa_dashboard;
