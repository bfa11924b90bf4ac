-- 001: the tenant, patient, message and knowledge-base tables.
-- Applied by `wactl migrate` inside one transaction and recorded in schema_migrations.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- A tenant: one doctor's clinic. Keeps the columns of the existing deployments and adds the per-doctor WhatsApp
-- credentials (tokens and secrets are AES-256-GCM ciphertext, never plaintext).
CREATE TABLE doctors (
    id                              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name                            text NOT NULL,
    phone_number                    text NOT NULL UNIQUE,
    email                           text,
    specialization                  text,
    clinic_name                     text,
    clinic_address                  text,
    is_active                       boolean NOT NULL DEFAULT true,
    created_at                      timestamptz NOT NULL DEFAULT now(),
    updated_at                      timestamptz NOT NULL DEFAULT now(),
    -- digits only: "+91 95458-16728" and "919545816728" are the same number
    phone_digits                    text GENERATED ALWAYS AS (regexp_replace(phone_number, '[^0-9]', '', 'g')) STORED,
    whatsapp_phone_number_id        text,
    whatsapp_access_token           text,          -- ciphertext
    whatsapp_business_account_id    text,
    whatsapp_token_expires_at       timestamptz,
    whatsapp_app_id                 text,
    whatsapp_app_secret             text,          -- ciphertext
    credentials_key_id              text,          -- which CREDENTIALS_KEY encrypted them
    credentials_state               text NOT NULL DEFAULT 'none',  -- none, valid, invalid, expiring
    credentials_checked_at          timestamptz,
    credentials_error               text,
    allow_master_fallback           boolean NOT NULL DEFAULT true,
    settings                        jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE UNIQUE INDEX doctors_phone_digits_key ON doctors (phone_digits);
CREATE INDEX doctors_whatsapp_phone_number_id_idx ON doctors (whatsapp_phone_number_id);

CREATE TABLE patients (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    doctor_id       uuid NOT NULL REFERENCES doctors (id) ON DELETE CASCADE,
    wa_id           text NOT NULL,
    profile_name    text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    last_inbound_at timestamptz,
    UNIQUE (doctor_id, wa_id)
);

-- Inbound and outbound messages. An inbound message is recorded once per wamid; an outbound one once per out_id,
-- and gets the wamid the Graph API returned so that statuses can be matched.
CREATE TABLE messages (
    id           bigserial PRIMARY KEY,
    doctor_id    uuid NOT NULL REFERENCES doctors (id) ON DELETE CASCADE,
    patient_id   uuid REFERENCES patients (id) ON DELETE CASCADE,
    direction    text NOT NULL CHECK (direction IN ('in', 'out')),
    wamid        text UNIQUE,
    out_id       text UNIQUE,
    wa_id        text NOT NULL,                   -- the patient's number (from / to)
    type         text NOT NULL,                   -- text, image, ..., unknown
    body         text,                            -- text, caption, or button/list title
    payload      jsonb,                           -- the type-specific object as received, or the message sent
    reply_to     text,                            -- for outbound replies: the inbound wamid
    source       text,                            -- outbound: kb, ai, flow, manual, fallback, welcome
    status       text NOT NULL DEFAULT 'received', -- in: received, routed; out: accepted, sandbox, sent, delivered, read, failed
    status_at    timestamptz,
    error_code   text,
    error_title  text,
    sent_at      timestamp with time zone,
    routed_at    timestamptz,                      -- inbound: when its answer was handed on (wa:out / wa:ai)
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX messages_doctor_patient_idx ON messages (doctor_id, patient_id, created_at);

CREATE TABLE kb_entries (
    id          bigserial PRIMARY KEY,
    doctor_id   uuid NOT NULL REFERENCES doctors (id) ON DELETE CASCADE,
    question    text NOT NULL,
    answer      text NOT NULL,
    keywords    text,
    lang        text NOT NULL DEFAULT 'en',
    enabled     boolean NOT NULL DEFAULT true,
    hits        bigint NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX kb_entries_doctor_idx ON kb_entries (doctor_id) WHERE enabled;
CREATE INDEX kb_entries_question_trgm ON kb_entries USING gin (lower(question) gin_trgm_ops);
