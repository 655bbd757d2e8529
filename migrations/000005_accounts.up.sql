-- Accounts and access: users and their roles, the sessions of the signed-in
-- (in the table alexedwards/scs pgxstore reads and writes, so any portal
-- process serves any user), sign-in attempts (rate limiting across
-- processes, and a record of every attempt), one-time invitations and the
-- audit log of every change made through the portal.

CREATE TABLE users (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email         text NOT NULL CHECK (email <> '' AND length(email) <= 254 AND email = btrim(email) AND position('@' IN email) > 1),
    display_name  text NOT NULL DEFAULT '' CHECK (length(display_name) <= 200),
    password_hash text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    role          text NOT NULL CHECK (role IN ('admin', 'staff', 'regional')),
    -- A regional official is bound to exactly one region; no one else is.
    region_id     smallint REFERENCES regions(id),
    disabled_at   timestamptz,
    created_by    bigint REFERENCES users(id),
    updated_by    bigint REFERENCES users(id),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    version       integer NOT NULL DEFAULT 1,
    CHECK ((role = 'regional') = (region_id IS NOT NULL))
);
-- One account per address, whatever its case.
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE INDEX users_region_idx ON users (region_id) WHERE region_id IS NOT NULL;

-- The schema github.com/alexedwards/scs/pgxstore expects. token holds the
-- SHA-256 of the cookie's token (scs HashTokenInStore), never the token.
CREATE TABLE sessions (
    token  TEXT PRIMARY KEY,
    data   BYTEA NOT NULL,
    expiry TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_expiry_idx ON sessions (expiry);

-- Every sign-in attempt. ip is the client address (an IPv6 address reduced
-- to its /64). throttled attempts were refused before any password check and
-- do not count as failures.
CREATE TABLE login_attempts (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email_lower text NOT NULL CHECK (email_lower = lower(email_lower)),
    ip          inet NOT NULL,
    at          timestamptz NOT NULL DEFAULT now(),
    succeeded   boolean NOT NULL,
    throttled   boolean NOT NULL DEFAULT false,
    user_id     bigint REFERENCES users(id),
    CHECK (NOT (succeeded AND throttled))
);
CREATE INDEX login_attempts_email_idx ON login_attempts (email_lower, at);
CREATE INDEX login_attempts_ip_idx ON login_attempts (ip, at);
CREATE INDEX login_attempts_at_idx ON login_attempts (at);

-- An invitation is a one-time link; only the SHA-256 of its token is kept.
CREATE TABLE invitations (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    email      text NOT NULL CHECK (email <> '' AND length(email) <= 254),
    role       text NOT NULL CHECK (role IN ('admin', 'staff', 'regional')),
    region_id  smallint REFERENCES regions(id),
    created_by bigint NOT NULL REFERENCES users(id),
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    user_id    bigint REFERENCES users(id),
    CHECK ((role = 'regional') = (region_id IS NOT NULL)),
    CHECK (expires_at > created_at),
    CHECK ((used_at IS NULL) = (user_id IS NULL))
);
CREATE INDEX invitations_pending_idx ON invitations (expires_at) WHERE used_at IS NULL;

-- Who did what to which record, and when. Written in the same transaction
-- as the change; user_id is NULL for the command line.
CREATE TABLE audit_log (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at        timestamptz NOT NULL DEFAULT now(),
    user_id   bigint REFERENCES users(id),
    action    text NOT NULL CHECK (action <> ''),
    entity    text NOT NULL CHECK (entity <> ''),
    entity_id bigint NOT NULL,
    changes   jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id, at);
CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX audit_log_user_idx ON audit_log (user_id, at);
