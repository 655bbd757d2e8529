-- Commenters' addresses are kept only as long as the privacy notice says
-- (domain.CommentEmailRetention, domain.CommentIPRetention): the portal
-- then erases them, leaving the comment itself. An erased address is NULL;
-- one that is kept stays as valid as before.
ALTER TABLE comments ALTER COLUMN email DROP NOT NULL;
ALTER TABLE comments DROP CONSTRAINT comments_email_check;
ALTER TABLE comments ADD CONSTRAINT comments_email_check
    CHECK (email IS NULL OR (email <> '' AND length(email) <= 254 AND position('@' IN email) > 1));
ALTER TABLE comments ALTER COLUMN ip DROP NOT NULL;
-- The comments whose addresses are still kept, by age: what the hourly
-- erasure looks for (the index empties as comments age).
CREATE INDEX comments_addresses_kept_idx ON comments (created_at) WHERE email IS NOT NULL OR ip IS NOT NULL;
