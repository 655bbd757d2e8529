ALTER TABLE agreements DROP COLUMN updated_by, DROP COLUMN created_by;

DROP INDEX officials_institution_idx;
ALTER TABLE officials DROP COLUMN updated_by, DROP COLUMN created_by, DROP COLUMN updated_at,
    DROP COLUMN created_at, DROP COLUMN version;

ALTER TABLE institutions DROP COLUMN updated_by, DROP COLUMN created_by, DROP COLUMN updated_at,
    DROP COLUMN created_at, DROP COLUMN version;
