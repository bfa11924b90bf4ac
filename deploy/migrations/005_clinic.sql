-- Clinic conversations (issue 8): each doctor's schedule and conversation settings, blocked days, appointments
-- with a database-enforced capacity per slot (one slot_bookings row per place: the primary key makes the last
-- place go to exactly one of two concurrent bookings), the walk-in queue (one token per patient per day),
-- referral codes and referrals (once per referred patient, never self), and the human-handoff pauses.

CREATE TABLE IF NOT EXISTS clinic_settings (
    doctor_id          uuid PRIMARY KEY REFERENCES doctors (id) ON DELETE CASCADE,
    time_zone          text NOT NULL DEFAULT 'Asia/Kolkata',
    work_days          int[] NOT NULL DEFAULT '{1,2,3,4,5,6}',      -- ISO days of week, 1 = Monday
    day_start          time NOT NULL DEFAULT '10:00',
    day_end            time NOT NULL DEFAULT '18:00',
    break_start        time DEFAULT '13:00',
    break_end          time DEFAULT '14:00',
    slot_minutes       int NOT NULL DEFAULT 30 CHECK (slot_minutes BETWEEN 5 AND 240),
    per_slot           int NOT NULL DEFAULT 1 CHECK (per_slot BETWEEN 1 AND 50),
    book_ahead_days    int NOT NULL DEFAULT 7 CHECK (book_ahead_days BETWEEN 1 AND 90),
    consult_minutes    int NOT NULL DEFAULT 10 CHECK (consult_minutes BETWEEN 1 AND 240),
    queue_notify_ahead int NOT NULL DEFAULT 3 CHECK (queue_notify_ahead BETWEEN 1 AND 50),
    handoff_minutes    int NOT NULL DEFAULT 60 CHECK (handoff_minutes BETWEEN 1 AND 10080),
    referral_thanks    boolean NOT NULL DEFAULT true,  -- thank the referrer when a referred patient writes
    reminder_template  text NOT NULL DEFAULT 'appointment_reminder', -- outside the 24-hour window: {{1}} clinic,
    reminder_lang      text NOT NULL DEFAULT 'en',                   -- {{2}} date and time, {{3}} address
    welcome_en         text,   -- overrides of the welcome text ({clinic} is replaced by the clinic's name)
    welcome_hi         text,
    updated_at         timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS clinic_blocked_days (
    doctor_id uuid NOT NULL REFERENCES doctors (id) ON DELETE CASCADE,
    day       date NOT NULL,
    reason    text,
    PRIMARY KEY (doctor_id, day)
);

CREATE TABLE IF NOT EXISTS appointments (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    doctor_id       uuid NOT NULL REFERENCES doctors (id) ON DELETE CASCADE,
    patient_id      uuid NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    slot_start      timestamptz NOT NULL,
    status          text NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'cancelled')),
    source_wamid    text UNIQUE,          -- the confirming message: a redelivery books nothing twice
    created_at      timestamptz NOT NULL DEFAULT now(),
    cancelled_at    timestamptz,
    reminded_24h_at timestamptz,
    reminded_2h_at  timestamptz
);
CREATE UNIQUE INDEX IF NOT EXISTS appointments_one_per_slot ON appointments (doctor_id, patient_id, slot_start)
    WHERE status = 'booked';
CREATE INDEX IF NOT EXISTS appointments_upcoming ON appointments (doctor_id, slot_start) WHERE status = 'booked';

-- One row per taken place of a slot; place runs from 1 to clinic_settings.per_slot. The primary key is what makes
-- a slot's capacity hold under concurrent bookings; cancelling deletes the row (the place is free again).
CREATE TABLE IF NOT EXISTS slot_bookings (
    doctor_id      uuid NOT NULL REFERENCES doctors (id) ON DELETE CASCADE,
    slot_start     timestamptz NOT NULL,
    place          int NOT NULL CHECK (place >= 1),
    appointment_id uuid NOT NULL UNIQUE REFERENCES appointments (id) ON DELETE CASCADE,
    PRIMARY KEY (doctor_id, slot_start, place)
);

CREATE TABLE IF NOT EXISTS queue_tokens (
    doctor_id  uuid NOT NULL REFERENCES doctors (id) ON DELETE CASCADE,
    day        date NOT NULL,          -- in the doctor's time zone
    token      int NOT NULL CHECK (token >= 1),
    patient_id uuid NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    status     text NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'called', 'done', 'skipped')),
    created_at timestamptz NOT NULL DEFAULT now(),
    called_at  timestamptz,
    PRIMARY KEY (doctor_id, day, token),
    UNIQUE (doctor_id, day, patient_id)
);

CREATE TABLE IF NOT EXISTS referral_codes (
    doctor_id  uuid NOT NULL REFERENCES doctors (id) ON DELETE CASCADE,
    patient_id uuid NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    code       text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (doctor_id, patient_id)
);

CREATE TABLE IF NOT EXISTS referrals (
    doctor_id   uuid NOT NULL REFERENCES doctors (id) ON DELETE CASCADE,
    referred_id uuid NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    referrer_id uuid NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    code        text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (doctor_id, referred_id),
    CHECK (referred_id <> referrer_id)
);

CREATE TABLE IF NOT EXISTS handoffs (
    doctor_id    uuid NOT NULL REFERENCES doctors (id) ON DELETE CASCADE,
    patient_id   uuid NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    reason       text NOT NULL DEFAULT 'patient',   -- patient, emergency
    paused_until timestamptz NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    released_at  timestamptz,
    PRIMARY KEY (doctor_id, patient_id)
);

-- A doctor's queue closed for the day (`wactl queue close`): no new tokens; the tokens already given are kept.
CREATE TABLE IF NOT EXISTS queue_days (
    doctor_id uuid NOT NULL REFERENCES doctors (id) ON DELETE CASCADE,
    day       date NOT NULL,
    closed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (doctor_id, day)
);
