-- Consultation meetings and the partnership agreements signed at them.
-- state is the publication workflow (draft, published, archived); only
-- published records are public. version backs optimistic concurrency.
-- demo marks records that carry demonstration data (demo_note says what).

CREATE TABLE officials (
    id             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ref            text UNIQUE,
    name_ar        text NOT NULL CHECK (name_ar <> ''),
    name_fr        text NOT NULL DEFAULT '',
    title_ar       text NOT NULL DEFAULT '',
    title_fr       text NOT NULL DEFAULT '',
    institution_id integer REFERENCES institutions(id),
    archived_at    timestamptz
);

CREATE TABLE meetings (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ref              text UNIQUE,
    region_id        smallint NOT NULL REFERENCES regions(id),
    series_position  smallint CHECK (series_position BETWEEN 1 AND 99),
    title_ar         text NOT NULL CHECK (title_ar <> ''),
    title_fr         text NOT NULL DEFAULT '',
    venue_ar         text NOT NULL CHECK (venue_ar <> ''),
    venue_fr         text NOT NULL DEFAULT '',
    starts_at        timestamptz NOT NULL,
    ends_at          timestamptz,
    format           text NOT NULL CHECK (format IN ('in_person', 'remote', 'hybrid')),
    chair_id         integer REFERENCES officials(id),
    purpose_ar       text NOT NULL DEFAULT '',
    purpose_fr       text NOT NULL DEFAULT '',
    attendees_note_ar text NOT NULL DEFAULT '',
    attendees_note_fr text NOT NULL DEFAULT '',
    outcomes_ar      text NOT NULL DEFAULT '',
    outcomes_fr      text NOT NULL DEFAULT '',
    minutes_ar       text NOT NULL DEFAULT '',
    minutes_fr       text NOT NULL DEFAULT '',
    state            text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'published', 'archived')),
    demo             boolean NOT NULL DEFAULT false,
    demo_note_ar     text NOT NULL DEFAULT '',
    demo_note_fr     text NOT NULL DEFAULT '',
    version          integer NOT NULL DEFAULT 1,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    published_at     timestamptz,
    CHECK (ends_at IS NULL OR ends_at >= starts_at)
);
CREATE INDEX meetings_public_idx ON meetings (starts_at DESC, id DESC) WHERE state = 'published';
CREATE INDEX meetings_region_idx ON meetings (region_id, starts_at DESC) WHERE state = 'published';
CREATE INDEX meetings_format_idx ON meetings (format, starts_at DESC) WHERE state = 'published';
CREATE INDEX meetings_series_idx ON meetings (series_position) WHERE state = 'published';

CREATE TABLE meeting_attendees (
    meeting_id  bigint NOT NULL REFERENCES meetings(id),
    official_id integer NOT NULL REFERENCES officials(id),
    position    smallint NOT NULL,
    PRIMARY KEY (meeting_id, official_id)
);

CREATE TABLE meeting_axes (
    meeting_id bigint NOT NULL REFERENCES meetings(id),
    axis_id    integer NOT NULL REFERENCES axes(id),
    PRIMARY KEY (meeting_id, axis_id)
);
CREATE INDEX meeting_axes_axis_idx ON meeting_axes (axis_id);

CREATE TABLE meeting_fields (
    meeting_id bigint NOT NULL REFERENCES meetings(id),
    field_id   integer NOT NULL REFERENCES fields(id),
    PRIMARY KEY (meeting_id, field_id)
);

CREATE TABLE agenda_items (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    meeting_id   bigint NOT NULL REFERENCES meetings(id),
    position     smallint NOT NULL,
    title_ar     text NOT NULL CHECK (title_ar <> ''),
    title_fr     text NOT NULL DEFAULT '',
    presenter_ar text NOT NULL DEFAULT '',
    presenter_fr text NOT NULL DEFAULT '',
    summary_ar   text NOT NULL DEFAULT '',
    summary_fr   text NOT NULL DEFAULT '',
    UNIQUE (meeting_id, position)
);

-- Attachments live in the database so that a backup keeps them.
CREATE TABLE attachments (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agenda_item_id bigint NOT NULL REFERENCES agenda_items(id),
    filename       text NOT NULL CHECK (filename <> '' AND filename !~ '[/\\[:cntrl:]]'),
    content_type   text NOT NULL CHECK (content_type IN ('application/pdf', 'image/png', 'image/jpeg', 'image/webp')),
    size_bytes     integer NOT NULL CHECK (size_bytes > 0),
    sha256         bytea NOT NULL,
    data           bytea NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX attachments_item_idx ON attachments (agenda_item_id);

CREATE TABLE support_grants (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    meeting_id    bigint NOT NULL REFERENCES meetings(id),
    position      smallint NOT NULL,
    programme_ar  text NOT NULL CHECK (programme_ar <> ''),
    programme_fr  text NOT NULL DEFAULT '',
    beneficiaries integer CHECK (beneficiaries >= 0),
    amount_dh     bigint CHECK (amount_dh >= 0),
    UNIQUE (meeting_id, position)
);

CREATE TABLE field_visits (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    meeting_id     bigint NOT NULL REFERENCES meetings(id),
    position       smallint NOT NULL,
    place_ar       text NOT NULL CHECK (place_ar <> ''),
    place_fr       text NOT NULL DEFAULT '',
    description_ar text NOT NULL DEFAULT '',
    description_fr text NOT NULL DEFAULT '',
    UNIQUE (meeting_id, position)
);

CREATE TABLE agreements (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ref             text UNIQUE,
    meeting_id      bigint REFERENCES meetings(id),
    region_id       smallint REFERENCES regions(id),
    subject_ar      text NOT NULL CHECK (subject_ar <> ''),
    subject_fr      text NOT NULL DEFAULT '',
    summary_ar      text NOT NULL DEFAULT '',
    summary_fr      text NOT NULL DEFAULT '',
    signed_on       date,
    duration_months smallint CHECK (duration_months BETWEEN 1 AND 600),
    status          text NOT NULL DEFAULT 'signed' CHECK (status IN ('signed', 'in_progress', 'completed', 'suspended')),
    state           text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'published', 'archived')),
    demo            boolean NOT NULL DEFAULT false,
    demo_note_ar    text NOT NULL DEFAULT '',
    demo_note_fr    text NOT NULL DEFAULT '',
    version         integer NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    published_at    timestamptz
);
CREATE INDEX agreements_public_idx ON agreements (signed_on DESC NULLS LAST, id DESC) WHERE state = 'published';
CREATE INDEX agreements_region_idx ON agreements (region_id, signed_on DESC) WHERE state = 'published';
CREATE INDEX agreements_status_idx ON agreements (status, signed_on DESC) WHERE state = 'published';
CREATE INDEX agreements_meeting_idx ON agreements (meeting_id);

CREATE TABLE agreement_parties (
    agreement_id   bigint NOT NULL REFERENCES agreements(id),
    institution_id integer NOT NULL REFERENCES institutions(id),
    position       smallint NOT NULL,
    amount_dh      bigint CHECK (amount_dh >= 0),
    PRIMARY KEY (agreement_id, institution_id)
);
CREATE INDEX agreement_parties_institution_idx ON agreement_parties (institution_id);

CREATE TABLE agreement_axes (
    agreement_id bigint NOT NULL REFERENCES agreements(id),
    axis_id      integer NOT NULL REFERENCES axes(id),
    PRIMARY KEY (agreement_id, axis_id)
);
CREATE INDEX agreement_axes_axis_idx ON agreement_axes (axis_id);

CREATE TABLE agreement_fields (
    agreement_id bigint NOT NULL REFERENCES agreements(id),
    field_id     integer NOT NULL REFERENCES fields(id),
    PRIMARY KEY (agreement_id, field_id)
);

CREATE TABLE agreement_provinces (
    agreement_id bigint NOT NULL REFERENCES agreements(id),
    province_id  integer NOT NULL REFERENCES provinces(id),
    PRIMARY KEY (agreement_id, province_id)
);

CREATE TABLE agreement_milestones (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agreement_id bigint NOT NULL REFERENCES agreements(id),
    position     smallint NOT NULL,
    title_ar     text NOT NULL CHECK (title_ar <> ''),
    title_fr     text NOT NULL DEFAULT '',
    due_on       date,
    percent      smallint NOT NULL DEFAULT 0 CHECK (percent BETWEEN 0 AND 100),
    UNIQUE (agreement_id, position)
);
