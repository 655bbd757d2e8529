ALTER TABLE indicators DROP COLUMN unit_key;
