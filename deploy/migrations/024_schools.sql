-- 024: schools as tenants, contacts, groups and consent (issue 18, first half).
--
-- A tenant is a clinic or a school: doctors.kind says which ('clinic' for every existing row). The doctors table
-- keeps its name and every column (existing deployments, the services' queries and the least-privilege grants
-- stay as they are); code that serves both kinds calls a doctors row a "tenant" where that reads right.
--
-- A contact IS a patients row: the person the tenant messages is the person who converses, so a parent's reply
-- lands in the inbox as that contact's conversation. What a contact needs beyond 001-016:
--   display_name   the name the tenant gave (dashboard, CSV); profile_name stays WhatsApp's own (never overwritten
--                  by the tenant, updated by the router). Shown: coalesce(display_name, profile_name, wa_id).
--   lang           the contact's language (en, hi, en_US ...) for templates and texts; NULL: unknown
--   opted_in...    consent to messages the TENANT starts (broadcasts, notices): whether, when, how
--                  (opt_in_source: form = set by a user in the dashboard or wactl, csv = an import, with the
--                  declared basis in opt_in_basis, keyword = the contact wrote START or the tenant's keyword on
--                  WhatsApp; opt_in_basis then holds the text as written), and by whom/what (opt_in_by:
--                  "user:<email>", "wactl", or the wamid of the keyword message).
-- Opt-outs are NOT duplicated: they are the columns that exist already and are shown per contact with their time
-- and source:
--   opted_out, opted_out_at, optout_wamid                         STOP (and START clearing it), 002 / the router
--   marketing_opt_out, marketing_consent_at, marketing_consent_source   user_preferences or send_error_131050, 016
-- A contact may be sent a tenant-initiated message when opted_in AND NOT opted_out, and a MARKETING template only
-- when also NOT marketing_opt_out. An opt-out always wins over an earlier opt-in; a later keyword opt-in from the
-- contact themself (START / the tenant's keyword) lifts a STOP.
--
-- groups: a school's classes (kind 'class') and lists (kind 'list': "all parents", a clinic's "diabetes
-- follow-up"). group_members: who is in a group; child_name is the pupil a parent is in the class for (a parent
-- with several children has one row per child and class; '' for a list or a clinic), a template variable for
-- broadcasts. user_groups: a teacher's classes; a teacher sees only contacts (and their conversations) that are
-- members of one of them. Every row carries its doctor_id and the foreign keys include it, so a group, a contact
-- and a user of two different tenants can never be joined, whatever the API code does.
--
-- clinic_settings (the per-tenant settings, schools included: time zone, TOTP ...) gets optin_keyword: a word
-- that, written alone on WhatsApp, opts the contact in (as START does).

ALTER TABLE doctors
    ADD COLUMN IF NOT EXISTS kind text NOT NULL DEFAULT 'clinic' CHECK (kind IN ('clinic', 'school'));

ALTER TABLE patients
    ADD COLUMN IF NOT EXISTS display_name  text CHECK (display_name IS NULL OR length(display_name) BETWEEN 1 AND 200),
    ADD COLUMN IF NOT EXISTS lang          text CHECK (lang IS NULL OR lang ~ '^[a-z]{2,3}(_[A-Z]{2})?$'),
    ADD COLUMN IF NOT EXISTS opted_in      boolean NOT NULL DEFAULT false,
    ADD COLUMN IF NOT EXISTS opted_in_at   timestamptz,
    ADD COLUMN IF NOT EXISTS opt_in_source text CHECK (opt_in_source IS NULL OR opt_in_source IN ('form', 'csv', 'keyword')),
    ADD COLUMN IF NOT EXISTS opt_in_basis  text CHECK (opt_in_basis IS NULL OR length(opt_in_basis) <= 500),
    ADD COLUMN IF NOT EXISTS opt_in_by     text;

CREATE INDEX IF NOT EXISTS patients_display_name_trgm ON patients USING gin (display_name gin_trgm_ops);

-- (doctor_id, id) unique on patients and users, so that the tables below can reference a row of the SAME tenant
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'patients_doctor_id_id_key') THEN
        ALTER TABLE patients ADD CONSTRAINT patients_doctor_id_id_key UNIQUE (doctor_id, id);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'users_doctor_id_id_key') THEN
        ALTER TABLE users ADD CONSTRAINT users_doctor_id_id_key UNIQUE (doctor_id, id);
    END IF;
END
$$;

CREATE TABLE IF NOT EXISTS groups (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    doctor_id   uuid NOT NULL REFERENCES doctors (id) ON DELETE CASCADE,
    name        text NOT NULL CHECK (name = btrim(name) AND length(name) BETWEEN 1 AND 100),
    kind        text NOT NULL DEFAULT 'list' CHECK (kind IN ('class', 'list')),
    description text CHECK (description IS NULL OR length(description) <= 500),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (doctor_id, name),
    UNIQUE (doctor_id, id)
);
-- "Class 1A" and "class 1a" are one group (a CSV names groups by hand)
CREATE UNIQUE INDEX IF NOT EXISTS groups_doctor_lower_name_key ON groups (doctor_id, lower(name));

CREATE TABLE IF NOT EXISTS group_members (
    group_id   uuid NOT NULL,
    patient_id uuid NOT NULL,
    doctor_id  uuid NOT NULL,
    child_name text NOT NULL DEFAULT '' CHECK (child_name = btrim(child_name) AND length(child_name) <= 100),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, patient_id, child_name),
    FOREIGN KEY (doctor_id, group_id) REFERENCES groups (doctor_id, id) ON DELETE CASCADE,
    FOREIGN KEY (doctor_id, patient_id) REFERENCES patients (doctor_id, id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS group_members_patient_idx ON group_members (patient_id);

CREATE TABLE IF NOT EXISTS user_groups (
    user_id    uuid NOT NULL,
    group_id   uuid NOT NULL,
    doctor_id  uuid NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, group_id),
    FOREIGN KEY (doctor_id, user_id) REFERENCES users (doctor_id, id) ON DELETE CASCADE,
    FOREIGN KEY (doctor_id, group_id) REFERENCES groups (doctor_id, id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS user_groups_group_idx ON user_groups (group_id);

ALTER TABLE clinic_settings
    ADD COLUMN IF NOT EXISTS optin_keyword text
        CHECK (optin_keyword IS NULL OR (optin_keyword = btrim(optin_keyword) AND length(optin_keyword) BETWEEN 2 AND 30));

-- A keyword opt-in on WhatsApp: an inbound text that is, alone, START (or its usual forms, as the router reads
-- them) or the tenant's optin_keyword records consent 'keyword' at the message's time. The router's own START
-- handling (clearing a STOP, confirming) is unchanged; the tenant's keyword, which the router does not know, lifts
-- a STOP here. Messages are recorded once per wamid, so a redelivery records nothing twice. Like 016's triggers,
-- an error here is only a warning: the router's recording of a message must not fail.
CREATE OR REPLACE FUNCTION schools_keyword_optin() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    w     text;
    kw    text;
    start boolean;
BEGIN
    IF NEW.body IS NULL OR length(NEW.body) > 60 THEN
        RETURN NEW;
    END IF;
    BEGIN
    w := btrim(regexp_replace(lower(NEW.body), '[[:space:].,!?;:''"*_~-]+', ' ', 'g'));
    start := w IN ('start', 'unstop', 'subscribe', 'opt in', 'optin', 'resume', 'chalu', 'chalu karo', 'shuru',
                   'shuru karo', 'शुरू', 'शुरू करो', 'शुरू करें', 'चालू', 'चालू करो', 'सुरू करा', 'चालू करा');
    IF NOT start THEN
        SELECT lower(optin_keyword) INTO kw FROM clinic_settings WHERE doctor_id = NEW.doctor_id;
        IF kw IS NULL OR w <> kw THEN
            RETURN NEW;
        END IF;
    END IF;
    UPDATE patients SET opted_in = true, opted_in_at = NEW.created_at, opt_in_source = 'keyword',
           opt_in_basis = left(btrim(NEW.body), 500), opt_in_by = NEW.wamid,
           opted_out = CASE WHEN start THEN opted_out ELSE false END,
           optout_wamid = CASE WHEN start OR NOT opted_out THEN optout_wamid ELSE NEW.wamid END,
           updated_at = now()
     WHERE doctor_id = NEW.doctor_id AND (id = NEW.patient_id OR (NEW.patient_id IS NULL AND wa_id = NEW.wa_id));
    EXCEPTION WHEN OTHERS THEN
        RAISE WARNING 'schools_keyword_optin: % (%), message %', SQLERRM, SQLSTATE, NEW.wamid;
    END;
    RETURN NEW;
END
$$;

DROP TRIGGER IF EXISTS messages_schools_keyword_optin ON messages;
CREATE TRIGGER messages_schools_keyword_optin AFTER INSERT ON messages
    FOR EACH ROW WHEN (NEW.direction = 'in' AND NEW.type = 'text') EXECUTE FUNCTION schools_keyword_optin();

-- wa-dashboard (014: nothing is its own unless granted): contacts are patients rows it may now add, edit (the
-- tenant's columns only: never the address, the WhatsApp profile or the opt-outs, which only the contact changes)
-- and delete (erasing a contact erases its conversation: the foreign keys cascade as the tables' owner); groups,
-- members and teachers' classes are its own.
GRANT INSERT, DELETE ON patients TO wa_dashboard;
GRANT UPDATE (display_name, lang, opted_in, opted_in_at, opt_in_source, opt_in_basis, opt_in_by, updated_at)
    ON patients TO wa_dashboard;
GRANT SELECT, INSERT, UPDATE, DELETE ON groups, group_members, user_groups TO wa_dashboard;
