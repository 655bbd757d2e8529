-- Reference data: regions, provinces, institutions, the strategy, its axes,
-- fields of cooperation and indicators. Every name exists in Arabic and French.

CREATE TABLE regions (
    id        smallint PRIMARY KEY CHECK (id BETWEEN 1 AND 99),
    slug      text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    name_ar   text NOT NULL CHECK (name_ar <> ''),
    name_fr   text NOT NULL CHECK (name_fr <> ''),
    tile_col  smallint NOT NULL,
    tile_row  smallint NOT NULL,
    UNIQUE (tile_col, tile_row)
);

CREATE TABLE provinces (
    id        integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    region_id smallint NOT NULL REFERENCES regions(id),
    slug      text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    kind      text NOT NULL CHECK (kind IN ('prefecture', 'province')),
    name_ar   text NOT NULL CHECK (name_ar <> ''),
    name_fr   text NOT NULL CHECK (name_fr <> '')
);
CREATE INDEX provinces_region_idx ON provinces (region_id);

CREATE TABLE institutions (
    id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    name_ar     text NOT NULL CHECK (name_ar <> ''),
    name_fr     text NOT NULL DEFAULT '',
    short_name  text NOT NULL DEFAULT '',
    social_pole boolean NOT NULL DEFAULT false,
    region_id   smallint REFERENCES regions(id),
    archived_at timestamptz
);

CREATE TABLE strategies (
    id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug        text NOT NULL UNIQUE,
    title_ar    text NOT NULL CHECK (title_ar <> ''),
    title_fr    text NOT NULL DEFAULT '',
    summary_ar  text NOT NULL DEFAULT '',
    summary_fr  text NOT NULL DEFAULT '',
    first_year  smallint NOT NULL,
    last_year   smallint NOT NULL,
    CHECK (first_year <= last_year)
);

CREATE TABLE axes (
    id             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    strategy_id    integer NOT NULL REFERENCES strategies(id),
    slug           text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    position       smallint NOT NULL,
    name_ar        text NOT NULL CHECK (name_ar <> ''),
    name_fr        text NOT NULL DEFAULT '',
    description_ar text NOT NULL DEFAULT '',
    description_fr text NOT NULL DEFAULT '',
    objectives_ar  text NOT NULL DEFAULT '',
    objectives_fr  text NOT NULL DEFAULT '',
    demo           boolean NOT NULL DEFAULT false,
    UNIQUE (strategy_id, position)
);

CREATE TABLE fields (
    id       integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug     text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    position smallint NOT NULL UNIQUE,
    name_ar  text NOT NULL CHECK (name_ar <> ''),
    name_fr  text NOT NULL DEFAULT ''
);

CREATE TABLE indicators (
    id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    axis_id       integer NOT NULL REFERENCES axes(id),
    slug          text NOT NULL UNIQUE,
    position      smallint NOT NULL,
    name_ar       text NOT NULL CHECK (name_ar <> ''),
    name_fr       text NOT NULL DEFAULT '',
    unit_ar       text NOT NULL DEFAULT '',
    unit_fr       text NOT NULL DEFAULT '',
    baseline      numeric(14,2) NOT NULL,
    baseline_year smallint NOT NULL,
    latest        numeric(14,2),
    latest_year   smallint,
    demo          boolean NOT NULL DEFAULT false,
    UNIQUE (axis_id, position),
    CHECK ((latest IS NULL) = (latest_year IS NULL))
);

CREATE TABLE indicator_targets (
    indicator_id integer NOT NULL REFERENCES indicators(id),
    year         smallint NOT NULL,
    target       numeric(14,2) NOT NULL,
    PRIMARY KEY (indicator_id, year)
);
