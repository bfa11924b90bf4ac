-- 022: reports and analytics (issue 17, "Reports and analytics"; services/dashboard/reports.c).
-- The reports read a period of one clinic (or of every clinic, for the operator) from the tables the pipeline already
-- writes. This file adds what they need to stay fast on a year of a busy clinic's data, and the one fact that was not
-- recorded: by which channel an appointment was made.
--
--   appointments.channel  'whatsapp' (the patient booked in the chat: the router's booking flow, and every row made
--                         before this migration, which only that flow could make) or 'reception' (booked by the
--                         clinic's staff for a patient who phoned or walked in: the dashboard's reception page)
--   appointments.attendance  'arrived' or 'no_show' as the reception marks it, NULL until then. Both columns are
--                         defined exactly as the reception's migration (023_reception.sql) defines them, each with
--                         IF NOT EXISTS, so whichever runs first adds them and the other leaves them be
--   indexes               messages by (doctor, time) with the columns the per-day, by-source and cost reports read
--                         (index-only scans); appointments by (doctor, slot), whatever their status; referrals by (doctor, time)
--   report_days           the partial rows of a report for one settled day (before yesterday) of one clinic in one
--                         time zone, stored by the dashboard the first time a report covers that day, so that a year
--                         costs about what two days cost (reports.c says what each report stores); key '' marks the
--                         day as done. Nothing else writes it; a clinic's deletion deletes its rows.
--   grants                wa_dashboard stores and reads report_days, and reads the appointments, the walk-in queue and the referrals (014 gave it
--                         neither: a later table is the dashboard's only if a migration grants it)

ALTER TABLE appointments
    ADD COLUMN IF NOT EXISTS channel    text NOT NULL DEFAULT 'whatsapp' CHECK (channel IN ('whatsapp', 'reception')),
    ADD COLUMN IF NOT EXISTS attendance text CHECK (attendance IN ('arrived', 'no_show'));

CREATE INDEX IF NOT EXISTS messages_doctor_created_idx ON messages (doctor_id, created_at)
    INCLUDE (direction, source, pricing_category, pricing_type, pricing_billable);
CREATE INDEX IF NOT EXISTS appointments_doctor_time ON appointments (doctor_id, slot_start); -- as 023 names it
CREATE INDEX IF NOT EXISTS referrals_doctor_created_idx ON referrals (doctor_id, created_at);

CREATE TABLE IF NOT EXISTS report_days (
    doctor_id uuid NOT NULL REFERENCES doctors (id) ON DELETE CASCADE,
    report    text NOT NULL,               -- messages, sources, unanswered, first-answer, staff-response, cost
    tz        text NOT NULL,               -- the time zone whose day this is (a new zone computes its own days)
    day       date NOT NULL,
    key       text NOT NULL,               -- what the row counts (a source, a question ...); '' marks the day done
    n         bigint NOT NULL DEFAULT 0,
    a         bigint NOT NULL DEFAULT 0,
    b         bigint NOT NULL DEFAULT 0,
    last      timestamp,                   -- in the time zone tz
    PRIMARY KEY (doctor_id, report, tz, day, key)
);

GRANT SELECT ON appointments, queue_tokens, referrals TO wa_dashboard;
GRANT SELECT, INSERT ON report_days TO wa_dashboard;
