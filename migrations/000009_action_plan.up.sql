-- The action plan's follow-up milestones and publication date, and the indexes the triage queue
-- and the regional lists sort by (oldest submission first).

CREATE TABLE commitment_milestones (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    commitment_id bigint NOT NULL REFERENCES commitments(id),
    position      smallint NOT NULL,
    title_ar      text NOT NULL CHECK (title_ar <> ''),
    title_fr      text NOT NULL DEFAULT '',
    due_on        date,
    percent       smallint NOT NULL DEFAULT 0 CHECK (percent BETWEEN 0 AND 100),
    UNIQUE (commitment_id, position)
);

ALTER TABLE commitments ADD COLUMN published_at timestamptz;

CREATE INDEX expectations_queue_idx ON expectations (status, submitted_at, id);
CREATE INDEX expectations_region_queue_idx ON expectations (region_id, status, submitted_at, id);
-- The default queue (everything submitted, oldest first), per region too,
-- and the public lists of a region ("you said, we did"), newest first.
CREATE INDEX expectations_submitted_idx ON expectations (submitted_at, id) WHERE status <> 'draft';
CREATE INDEX expectations_region_submitted_idx ON expectations (region_id, submitted_at, id) WHERE status <> 'draft';
CREATE INDEX expectations_public_region_idx ON expectations (region_id, id DESC) WHERE status <> 'draft';
