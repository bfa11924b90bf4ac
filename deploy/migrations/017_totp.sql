-- 017: the dashboard's optional TOTP second factor (issue 16). users.totp_secret (011) holds the enabled secret,
-- sealed with CREDENTIALS_KEY (wa/crypt.h, additional data "user:<id>/totp"); totp_pending the one being enrolled
-- until its first code confirms it; totp_last_step the last 30-second step accepted, so a code is used once.
-- clinic_settings.require_totp: the clinic admin requires every user of the clinic to sign in with a code (a user
-- without one may then only enrol).

ALTER TABLE users ADD COLUMN IF NOT EXISTS totp_pending text;
ALTER TABLE users ADD COLUMN IF NOT EXISTS totp_enabled_at timestamptz;
ALTER TABLE users ADD COLUMN IF NOT EXISTS totp_last_step bigint;
ALTER TABLE clinic_settings ADD COLUMN IF NOT EXISTS require_totp boolean NOT NULL DEFAULT false;

GRANT UPDATE (totp_secret, totp_pending, totp_enabled_at, totp_last_step) ON users TO wa_dashboard;
