-- 003: what the per-doctor credential lifecycle and the sender need beyond 001's doctors columns
-- (whatsapp_phone_number_id, whatsapp_access_token and whatsapp_app_secret as AES-256-GCM ciphertext,
-- credentials_key_id, credentials_state, credentials_checked_at, credentials_error, allow_master_fallback).

-- When the credentials were last set or re-sealed, the display number Meta reported for the phone number id, the
-- sending rate of the doctor's number (messages per second; NULL = the sender's default, SENDER_RATE_PER_S), and
-- the template sent instead of a free-form message when the patient's 24-hour window is closed: a Graph template
-- object {"name": ..., "language": {"code": ...}, "components": [...]} (NULL = dead-letter as window_closed).
ALTER TABLE doctors
    ADD COLUMN IF NOT EXISTS credentials_updated_at  timestamptz,
    ADD COLUMN IF NOT EXISTS whatsapp_display_number text,
    ADD COLUMN IF NOT EXISTS send_rate_per_s         integer CHECK (send_rate_per_s IS NULL OR send_rate_per_s > 0),
    ADD COLUMN IF NOT EXISTS window_template         jsonb;

-- Operator-visible credential events: set, validated, invalid (an AUTH error while sending), fallback, rotated,
-- refreshed / refresh_failed (the sender's long-lived token exchange), paused (an OPS error paused the number).
-- `detail` never holds a token or a secret.
CREATE TABLE IF NOT EXISTS credential_events (
    id          bigserial PRIMARY KEY,
    doctor_id   uuid NOT NULL REFERENCES doctors (id) ON DELETE CASCADE,
    kind        text NOT NULL,
    error_code  text,
    detail      text,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS credential_events_doctor_idx ON credential_events (doctor_id, created_at);
