-- Records that stay as staff left them.
--
-- audit_log.version: the record's version after the change a line records,
-- so that an edit refused for a stale version can show what changed since.
ALTER TABLE audit_log ADD COLUMN version integer CHECK (version > 0);

-- form_tokens: the one-time token of each create form, claimed in the
-- transaction that creates the record, so that posting the same form twice
-- creates one record (the second answer shows it).
CREATE TABLE form_tokens (
    token      text PRIMARY KEY CHECK (length(token) BETWEEN 16 AND 64),
    entity     text NOT NULL CHECK (entity <> ''),
    entity_id  bigint,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX form_tokens_created_idx ON form_tokens (created_at);

-- seed_log: which seed data a database has had, so that seeding fills an
-- empty database once and never again overwrites or re-creates what staff
-- changed or removed. A database seeded before this table existed counts
-- as seeded.
CREATE TABLE seed_log (
    name      text PRIMARY KEY CHECK (name IN ('reference', 'demo', 'demo_removed')),
    loaded_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO seed_log (name) SELECT 'reference' WHERE EXISTS (SELECT 1 FROM regions);
INSERT INTO seed_log (name) SELECT 'demo' WHERE EXISTS (SELECT 1 FROM meetings WHERE ref IS NOT NULL);

-- Comments loaded as demonstration content are marked, as other records are.
ALTER TABLE comments ADD COLUMN demo boolean NOT NULL DEFAULT false;

-- Audit lines name fields as the forms do ("title", "region"), no longer by
-- the program's internal names ("Title", "RegionID").
CREATE TEMPORARY TABLE audit_key_names (old text PRIMARY KEY, new text NOT NULL) ON COMMIT DROP;
INSERT INTO audit_key_names VALUES
 ('RegionID', 'region'), ('SeriesPosition', 'series'), ('Title', 'title'), ('Venue', 'venue'), ('StartsAt', 'date'),
 ('EndsAt', 'end_time'), ('Format', 'format'), ('ChairID', 'chair'), ('Purpose', 'purpose'), ('AttendeesNote', 'attendees_note'),
 ('Outcomes', 'outcomes'), ('Minutes', 'minutes'), ('AttendeeIDs', 'attendee'), ('AxisIDs', 'axes'), ('FieldIDs', 'fields'),
 ('Agenda', 'agenda'), ('Grants', 'grant'), ('Visits', 'visit'), ('Subject', 'subject'), ('Summary', 'summary'),
 ('Parties', 'party'), ('SignedOn', 'signed_on'), ('MeetingID', 'meeting'), ('ProvinceIDs', 'provinces'),
 ('DurationMonths', 'duration'), ('Status', 'status'), ('Milestones', 'milestone'), ('Description', 'description'),
 ('FieldID', 'field'), ('Population', 'population'), ('Priority', 'priority'), ('AxisID', 'axis'),
 ('InstitutionID', 'institution'), ('DueOn', 'due'), ('Progress', 'progress'), ('ExpectationIDs', 'expectations'),
 ('Name', 'name'), ('Short', 'short_name'), ('Slug', 'slug'), ('Answer', 'answer'), ('Attachment', 'attachment');
UPDATE audit_log a SET changes = (
    SELECT jsonb_object_agg(coalesce(k.new, e.key), e.value)
    FROM jsonb_each(a.changes) e LEFT JOIN audit_key_names k ON k.old = e.key)
WHERE a.changes <> '{}' AND EXISTS (SELECT 1 FROM jsonb_object_keys(a.changes) key JOIN audit_key_names k ON k.old = key);
