-- What the public pages of an expectation and a commitment show, and the
-- feeds of what is new, need a memory the tables did not keep: when each
-- expectation moved from one status to the next, how a commitment's
-- progress grew, when each of its milestones was done, which agreements
-- carry it out, and which institution submitted an expectation. Triggers
-- keep the history, so every way of writing (the portal, the seed, a
-- script) records it alike. What the audit log already holds is carried
-- over; what it does not is rebuilt from the dates the records carry.

-- The statuses an expectation went through once it left its draft.
CREATE TABLE expectation_status_history (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    expectation_id bigint NOT NULL REFERENCES expectations(id),
    status         text NOT NULL CHECK (status IN ('received', 'under_study', 'retained', 'partly_retained', 'not_retained')),
    at             timestamptz NOT NULL
);
CREATE INDEX expectation_status_history_expectation_idx ON expectation_status_history (expectation_id, at, id);
CREATE INDEX expectation_status_history_at_idx ON expectation_status_history (at DESC, id DESC);

CREATE FUNCTION record_expectation_status() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = 'draft' THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        -- A record written past its draft (a seed, an import) gets the
        -- steps its own dates tell.
        IF NEW.status <> 'received' AND NEW.submitted_at IS NOT NULL THEN
            INSERT INTO expectation_status_history (expectation_id, status, at) VALUES (NEW.id, 'received', NEW.submitted_at);
        END IF;
        INSERT INTO expectation_status_history (expectation_id, status, at)
        VALUES (NEW.id, NEW.status, CASE
            WHEN NEW.status IN ('retained', 'partly_retained', 'not_retained') THEN coalesce(NEW.decided_at, NEW.submitted_at, NEW.created_at)
            ELSE coalesce(NEW.submitted_at, NEW.created_at) END);
    ELSIF NEW.status IS DISTINCT FROM OLD.status THEN
        -- A change is dated when it is made.
        INSERT INTO expectation_status_history (expectation_id, status, at) VALUES (NEW.id, NEW.status, now());
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER expectation_status_history AFTER INSERT OR UPDATE OF status ON expectations
    FOR EACH ROW EXECUTE FUNCTION record_expectation_status();

-- The past: the audit log's status changes where there are any, else the
-- record's own submission and decision dates.
INSERT INTO expectation_status_history (expectation_id, status, at)
SELECT a.entity_id, a.changes->'Status'->>'to', a.at
FROM audit_log a JOIN expectations e ON e.id = a.entity_id
WHERE a.entity = 'expectation' AND a.changes ? 'Status' AND e.status <> 'draft'
  AND a.changes->'Status'->>'to' IN ('received', 'under_study', 'retained', 'partly_retained', 'not_retained')
ORDER BY a.at, a.id;

WITH untold AS (
    SELECT e.* FROM expectations e
    WHERE e.status <> 'draft' AND NOT EXISTS (SELECT 1 FROM expectation_status_history h WHERE h.expectation_id = e.id)
)
INSERT INTO expectation_status_history (expectation_id, status, at)
SELECT id, 'received', submitted_at FROM untold WHERE status <> 'received' AND submitted_at IS NOT NULL
UNION ALL
SELECT id, status, CASE WHEN status IN ('retained', 'partly_retained', 'not_retained') THEN coalesce(decided_at, submitted_at, created_at)
                        ELSE coalesce(submitted_at, created_at) END
FROM untold;

-- A commitment's progress each time it changed.
CREATE TABLE commitment_progress (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    commitment_id bigint NOT NULL REFERENCES commitments(id),
    at            timestamptz NOT NULL,
    progress      smallint NOT NULL CHECK (progress BETWEEN 0 AND 100)
);
CREATE INDEX commitment_progress_commitment_idx ON commitment_progress (commitment_id, at, id);
CREATE INDEX commitment_progress_at_idx ON commitment_progress (at DESC, id DESC);

CREATE FUNCTION record_commitment_progress() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO commitment_progress (commitment_id, at, progress) VALUES (NEW.id, NEW.created_at, NEW.progress);
    ELSIF NEW.progress IS DISTINCT FROM OLD.progress THEN
        INSERT INTO commitment_progress (commitment_id, at, progress) VALUES (NEW.id, now(), NEW.progress);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER commitment_progress AFTER INSERT OR UPDATE OF progress ON commitments
    FOR EACH ROW EXECUTE FUNCTION record_commitment_progress();

-- The past: the value at creation (the first audited change's "from", or
-- the "to" of the audited creation, or today's value when nothing was
-- audited), then every audited change.
INSERT INTO commitment_progress (commitment_id, at, progress)
SELECT c.id, c.created_at, coalesce((
    SELECT (CASE WHEN a.action = 'create' THEN a.changes->'Progress'->>'to' ELSE a.changes->'Progress'->>'from' END)::smallint
    FROM audit_log a WHERE a.entity = 'commitment' AND a.entity_id = c.id AND a.changes ? 'Progress'
    ORDER BY a.at, a.id LIMIT 1), c.progress)
FROM commitments c;

INSERT INTO commitment_progress (commitment_id, at, progress)
SELECT a.entity_id, a.at, (a.changes->'Progress'->>'to')::smallint
FROM audit_log a JOIN commitments c ON c.id = a.entity_id
WHERE a.entity = 'commitment' AND a.changes ? 'Progress' AND a.action <> 'create'
ORDER BY a.at, a.id;

-- When a milestone was done: set the day it reaches 100 %, unless the
-- writer gives the day; cleared if it falls back below.
ALTER TABLE commitment_milestones ADD COLUMN done_on date;
UPDATE commitment_milestones m SET done_on = c.updated_at::date
FROM commitments c WHERE c.id = m.commitment_id AND m.percent = 100;

CREATE FUNCTION set_milestone_done() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.percent = 100 THEN
        NEW.done_on := coalesce(NEW.done_on, current_date);
    ELSE
        NEW.done_on := NULL;
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER commitment_milestone_done BEFORE INSERT OR UPDATE ON commitment_milestones
    FOR EACH ROW EXECUTE FUNCTION set_milestone_done();

ALTER TABLE commitment_milestones ADD CONSTRAINT commitment_milestones_done_check CHECK ((percent = 100) = (done_on IS NOT NULL));

-- The agreements that carry a commitment out.
CREATE TABLE commitment_agreements (
    commitment_id bigint NOT NULL REFERENCES commitments(id),
    agreement_id  bigint NOT NULL REFERENCES agreements(id),
    PRIMARY KEY (commitment_id, agreement_id)
);
CREATE INDEX commitment_agreements_agreement_idx ON commitment_agreements (agreement_id);

-- The institution on whose behalf an expectation was submitted (a person's
-- account is never shown; the institution is).
ALTER TABLE expectations ADD COLUMN submitted_by_id integer REFERENCES institutions(id);

-- The feeds read what was published lately.
CREATE INDEX meetings_published_at_idx ON meetings (published_at DESC, id DESC) WHERE state = 'published';
CREATE INDEX agreements_published_at_idx ON agreements (published_at DESC, id DESC) WHERE state = 'published';
