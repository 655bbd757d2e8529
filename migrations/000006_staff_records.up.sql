-- Records staff keep in the browser: institutions and officials become
-- versioned (optimistic concurrency, as meetings and agreements are), and
-- institutions, officials and agreements say who created and last changed
-- them, and when.

ALTER TABLE institutions
    ADD COLUMN version    integer NOT NULL DEFAULT 1,
    ADD COLUMN created_at timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN created_by bigint REFERENCES users(id),
    ADD COLUMN updated_by bigint REFERENCES users(id);

ALTER TABLE officials
    ADD COLUMN version    integer NOT NULL DEFAULT 1,
    ADD COLUMN created_at timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN created_by bigint REFERENCES users(id),
    ADD COLUMN updated_by bigint REFERENCES users(id);
CREATE INDEX officials_institution_idx ON officials (institution_id);

ALTER TABLE agreements
    ADD COLUMN created_by bigint REFERENCES users(id),
    ADD COLUMN updated_by bigint REFERENCES users(id);
