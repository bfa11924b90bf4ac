-- 021: photos and documents (issue 17). One row per stored media file, inbound (a patient's image, document, audio,
-- video or sticker, downloaded by wa-sender's media fetcher as soon as the router saw it: services/sender/media.c)
-- or outbound (a file the clinic's staff sent from the dashboard's inbox). The bytes live in the media store the
-- storage_key names: "pg:<id>" is a row of media_blobs (the embedded default: every replica reads it, no extra
-- server), "s3:<key>" an object of the configured S3-compatible bucket. wamid is the inbound message's (unique per
-- doctor: a redelivered job stores nothing twice); an outbound file has its out_id instead. A clinic keeps media for
-- clinic_settings.media_retention_days; the retention job (wa-sender, one replica per interval) deletes older ones
-- from the store and from here.

CREATE TABLE IF NOT EXISTS media (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    doctor_id    uuid NOT NULL REFERENCES doctors (id) ON DELETE CASCADE,
    direction    text NOT NULL DEFAULT 'in' CHECK (direction IN ('in', 'out')),
    message_id   bigint,                       -- messages.id, when known
    wamid        text,                         -- inbound: the message's wamid
    out_id       text,                         -- outbound: the wa:out out_id that sends it
    kind         text NOT NULL,                -- image, document, audio, video, sticker
    mime         text NOT NULL,
    size         bigint NOT NULL CHECK (size >= 0),
    sha256       text NOT NULL,                -- hex
    filename     text,                         -- a document's name, as sent
    graph_media_id text,                       -- Meta's media id (inbound, or the upload's)
    storage_key  text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX IF NOT EXISTS media_doctor_wamid_idx ON media (doctor_id, wamid) WHERE wamid IS NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS media_doctor_out_id_idx ON media (doctor_id, out_id) WHERE out_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS media_doctor_created_idx ON media (doctor_id, created_at);

-- The embedded store: the bytes of "pg:" media.
CREATE TABLE IF NOT EXISTS media_blobs (
    key        text PRIMARY KEY,
    data       bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE clinic_settings
    ADD COLUMN IF NOT EXISTS media_retention_days int NOT NULL DEFAULT 365
        CHECK (media_retention_days BETWEEN 1 AND 3650);

-- The dashboard serves a clinic's media and stores the files its staff send (it never deletes: retention is
-- wa-sender's); the router, ai and sender have every table through 007's default privileges.
GRANT SELECT, INSERT ON media, media_blobs TO wa_dashboard;
