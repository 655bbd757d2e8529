-- Erased addresses cannot come back: they get placeholders that satisfy
-- the former constraints.
DROP INDEX comments_addresses_kept_idx;
UPDATE comments SET ip = '0.0.0.0' WHERE ip IS NULL;
ALTER TABLE comments ALTER COLUMN ip SET NOT NULL;
UPDATE comments SET email = 'erased@invalid' WHERE email IS NULL;
ALTER TABLE comments DROP CONSTRAINT comments_email_check;
ALTER TABLE comments ADD CONSTRAINT comments_email_check
    CHECK (email <> '' AND length(email) <= 254 AND position('@' IN email) > 1);
ALTER TABLE comments ALTER COLUMN email SET NOT NULL;
