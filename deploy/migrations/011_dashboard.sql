-- 011: the dashboard's sign-in (issue 16): users with Argon2id password hashes and a role, API tokens for a
-- tenant's own software (stored as a hash, shown once), and the audit log of what users, tokens and operators
-- changed. Sessions are not here: they live in Redis (services/dashboard/auth.c).

CREATE TABLE IF NOT EXISTS users (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email               text NOT NULL CHECK (email = btrim(email) AND email LIKE '%_@_%' AND length(email) <= 254),
    password_hash       text NOT NULL,             -- libsodium crypto_pwhash_str: "$argon2id$..."
    role                text NOT NULL CHECK (role IN ('operator', 'clinic_admin', 'staff', 'school_admin', 'teacher')),
    doctor_id           uuid REFERENCES doctors (id) ON DELETE CASCADE,  -- the tenant; NULL only for an operator
    name                text,
    created_at          timestamptz NOT NULL DEFAULT now(),
    disabled_at         timestamptz,
    password_changed_at timestamptz NOT NULL DEFAULT now(),
    -- bumped when the user is disabled or the password changes: every session carrying an older value is dead
    session_gen         int NOT NULL DEFAULT 1,
    last_login_at       timestamptz,
    totp_secret         text,                      -- for the optional second factor (later); ciphertext when set
    CHECK ((role = 'operator') = (doctor_id IS NULL))
);
CREATE UNIQUE INDEX IF NOT EXISTS users_email_key ON users (lower(email));
CREATE INDEX IF NOT EXISTS users_doctor_idx ON users (doctor_id);

CREATE TABLE IF NOT EXISTS api_tokens (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    doctor_id    uuid NOT NULL REFERENCES doctors (id) ON DELETE CASCADE,
    name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    token_hash   text NOT NULL UNIQUE,             -- hex BLAKE2b-256 (crypto_generichash) of the whole token
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at   timestamptz
);
CREATE INDEX IF NOT EXISTS api_tokens_doctor_idx ON api_tokens (doctor_id);

-- Who changed what, when. `before` and `after` hold the changed object's fields, never a secret (passwords,
-- tokens, WhatsApp credentials are left out or replaced by "set").
CREATE TABLE IF NOT EXISTS audit_log (
    id            bigserial PRIMARY KEY,
    doctor_id     uuid REFERENCES doctors (id) ON DELETE CASCADE,  -- the tenant concerned; NULL: none
    actor_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
    actor_token_id uuid REFERENCES api_tokens (id) ON DELETE SET NULL,
    actor         text NOT NULL,                   -- "user:<email>", "token:<name>", "wactl"
    action        text NOT NULL,                   -- kb.create, kb.update, settings.update, user.add, token.revoke ...
    target        text,                            -- the object: "kb:12", "user:<email>", "token:<id>"
    before        jsonb,
    after         jsonb,
    at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS audit_log_doctor_idx ON audit_log (doctor_id, id DESC);
