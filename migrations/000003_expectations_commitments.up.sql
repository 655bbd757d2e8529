-- What regions expect (انتظارات) and what the social pole commits to in its
-- action plan. An expectation is public once it leaves the draft status.

CREATE TABLE expectations (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ref            text UNIQUE,
    region_id      smallint NOT NULL REFERENCES regions(id),
    meeting_id     bigint REFERENCES meetings(id),
    title_ar       text NOT NULL DEFAULT '',
    title_fr       text NOT NULL DEFAULT '',
    description_ar text NOT NULL DEFAULT '',
    description_fr text NOT NULL DEFAULT '',
    field_id       integer REFERENCES fields(id),
    population_ar  text NOT NULL DEFAULT '',
    population_fr  text NOT NULL DEFAULT '',
    priority       smallint NOT NULL DEFAULT 2 CHECK (priority BETWEEN 1 AND 3),
    status         text NOT NULL DEFAULT 'draft' CHECK (status IN
                   ('draft', 'received', 'under_study', 'retained', 'partly_retained', 'not_retained')),
    answer_ar      text NOT NULL DEFAULT '',
    answer_fr      text NOT NULL DEFAULT '',
    institution_id integer REFERENCES institutions(id),
    demo           boolean NOT NULL DEFAULT false,
    version        integer NOT NULL DEFAULT 1,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    submitted_at   timestamptz,
    decided_at     timestamptz,
    CHECK (title_ar <> '' OR title_fr <> '')
);
CREATE INDEX expectations_region_idx ON expectations (region_id, status, id DESC);
CREATE INDEX expectations_status_idx ON expectations (status, id DESC);
CREATE INDEX expectations_meeting_idx ON expectations (meeting_id);

CREATE TABLE expectation_axes (
    expectation_id bigint NOT NULL REFERENCES expectations(id),
    axis_id        integer NOT NULL REFERENCES axes(id),
    PRIMARY KEY (expectation_id, axis_id)
);
CREATE INDEX expectation_axes_axis_idx ON expectation_axes (axis_id, expectation_id);

CREATE TABLE expectation_provinces (
    expectation_id bigint NOT NULL REFERENCES expectations(id),
    province_id    integer NOT NULL REFERENCES provinces(id),
    PRIMARY KEY (expectation_id, province_id)
);

CREATE TABLE commitments (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ref            text UNIQUE,
    region_id      smallint NOT NULL REFERENCES regions(id),
    axis_id        integer NOT NULL REFERENCES axes(id),
    title_ar       text NOT NULL CHECK (title_ar <> ''),
    title_fr       text NOT NULL DEFAULT '',
    description_ar text NOT NULL DEFAULT '',
    description_fr text NOT NULL DEFAULT '',
    institution_id integer NOT NULL REFERENCES institutions(id),
    due_on         date,
    progress       smallint NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    state          text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'published', 'archived')),
    demo           boolean NOT NULL DEFAULT false,
    version        integer NOT NULL DEFAULT 1,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX commitments_region_idx ON commitments (region_id, axis_id) WHERE state = 'published';
CREATE INDEX commitments_axis_idx ON commitments (axis_id) WHERE state = 'published';

CREATE TABLE commitment_expectations (
    commitment_id  bigint NOT NULL REFERENCES commitments(id),
    expectation_id bigint NOT NULL REFERENCES expectations(id),
    PRIMARY KEY (commitment_id, expectation_id)
);
CREATE INDEX commitment_expectations_expectation_idx ON commitment_expectations (expectation_id);
