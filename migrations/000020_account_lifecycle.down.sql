-- Addresses stay lower-cased: their case was never significant.
DROP INDEX login_attempts_email_ip_idx;
DROP TABLE password_resets;
ALTER TABLE invitations
    DROP CONSTRAINT invitations_used_or_revoked_check,
    DROP CONSTRAINT invitations_revoked_check,
    DROP COLUMN revoked_by,
    DROP COLUMN revoked_at;
ALTER TABLE users DROP COLUMN session_epoch;
DROP INDEX sessions_user_idx;
ALTER TABLE sessions DROP COLUMN user_id;
