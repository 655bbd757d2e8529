-- The lifecycle of accounts: sessions that can all be ended at once,
-- invitations that can be revoked, one-time password reset links, and
-- addresses stored in one form.

-- Every session of a user can be ended in the transaction that disables
-- the account or changes its password. user_id is written by the portal's
-- session store (NULL for a session without a signed-in user, which the
-- portal no longer creates). session_epoch is written into each session at
-- sign-in: raising it refuses every session signed in before, even one
-- whose row a request in flight writes back after it was deleted.
ALTER TABLE sessions ADD COLUMN user_id bigint REFERENCES users(id) ON DELETE CASCADE;
CREATE INDEX sessions_user_idx ON sessions (user_id) WHERE user_id IS NOT NULL;
ALTER TABLE users ADD COLUMN session_epoch integer NOT NULL DEFAULT 0;

-- Addresses are stored NFKC-normalized and lower-cased by the portal; the
-- accounts made before are brought to that form (the unique index on
-- lower(email) already rules out two that differ only by case).
UPDATE users SET email = lower(email) WHERE email <> lower(email);
UPDATE invitations SET email = lower(email) WHERE email <> lower(email);

-- An administrator revokes an invitation; it is never deleted.
ALTER TABLE invitations
    ADD COLUMN revoked_at timestamptz,
    ADD COLUMN revoked_by bigint REFERENCES users(id),
    ADD CONSTRAINT invitations_revoked_check CHECK ((revoked_at IS NULL) = (revoked_by IS NULL)),
    ADD CONSTRAINT invitations_used_or_revoked_check CHECK (used_at IS NULL OR revoked_at IS NULL);

-- A one-time password reset link an administrator issues for an account;
-- only the SHA-256 of its token is kept. Issuing a new one revokes the
-- account's earlier ones.
CREATE TABLE password_resets (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    user_id    bigint NOT NULL REFERENCES users(id),
    created_by bigint REFERENCES users(id), -- NULL: the command line
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    revoked_at timestamptz,
    CHECK (expires_at > created_at),
    CHECK (used_at IS NULL OR revoked_at IS NULL)
);
CREATE INDEX password_resets_user_idx ON password_resets (user_id) WHERE used_at IS NULL AND revoked_at IS NULL;

-- The limits count failures per account and address.
CREATE INDEX login_attempts_email_ip_idx ON login_attempts (email_lower, ip, at);
