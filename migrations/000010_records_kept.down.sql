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
    SELECT jsonb_object_agg(coalesce(k.old, e.key), e.value)
    FROM jsonb_each(a.changes) e LEFT JOIN audit_key_names k ON k.new = e.key)
WHERE a.changes <> '{}' AND a.entity <> 'user' AND a.entity <> 'invitation';

ALTER TABLE comments DROP COLUMN demo;
DROP TABLE seed_log;
DROP TABLE form_tokens;
ALTER TABLE audit_log DROP COLUMN version;
