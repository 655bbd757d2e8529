-- E-mail through an outbox: a message is written in the transaction of the
-- change it tells about, and a background worker sends it, with retries,
-- so nothing is lost while the mail server is away. params may hold a
-- one-time link: it is emptied once the message is sent or given up.
CREATE TABLE mail_outbox (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind            text NOT NULL CHECK (kind <> ''),
    recipient       text NOT NULL CHECK (recipient <> '' AND length(recipient) <= 254),
    lang            text NOT NULL CHECK (lang IN ('ar', 'fr')),
    params          jsonb NOT NULL DEFAULT '{}',
    created_at      timestamptz NOT NULL DEFAULT now(),
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    attempts        integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_error      text NOT NULL DEFAULT '',
    sent_at         timestamptz,
    failed_at       timestamptz, -- given up after the last retry
    CHECK (sent_at IS NULL OR failed_at IS NULL)
);
CREATE INDEX mail_outbox_due_idx ON mail_outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;

-- The language a user reads the portal in (the one they last signed in
-- with), for the e-mails they receive.
ALTER TABLE users ADD COLUMN lang text NOT NULL DEFAULT 'ar' CHECK (lang IN ('ar', 'fr'));
