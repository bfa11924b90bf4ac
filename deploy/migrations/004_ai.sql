-- 004: what the ai service records: emergency flags on inbound messages, and token usage per doctor and day.
-- Applied by `wactl migrate` inside one transaction and recorded in schema_migrations.

-- An inbound message the ai service flagged for the doctor, e.g. 'emergency:chest_pain'.
ALTER TABLE messages ADD COLUMN IF NOT EXISTS flag text;
ALTER TABLE messages ADD COLUMN IF NOT EXISTS flagged_at timestamptz;
CREATE INDEX IF NOT EXISTS messages_flagged_idx ON messages (doctor_id, flagged_at) WHERE flag IS NOT NULL;

-- Model tokens per doctor, day, provider and model (from the responses' usage fields): the clinic's AI cost.
CREATE TABLE IF NOT EXISTS ai_usage (
    doctor_id     uuid NOT NULL REFERENCES doctors (id) ON DELETE CASCADE,
    day           date NOT NULL,
    provider      text NOT NULL,
    model         text NOT NULL,
    requests      bigint NOT NULL DEFAULT 0,
    prompt_tokens bigint NOT NULL DEFAULT 0,
    output_tokens bigint NOT NULL DEFAULT 0,
    total_tokens  bigint NOT NULL DEFAULT 0,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (doctor_id, day, provider, model)
);
