-- Public comments on meeting pages and axis pages, and their moderation.
-- A comment is on exactly one published meeting or one axis. It reaches
-- the public only once approved. email is kept for the record and never
-- shown, exported nor logged. ip is the client address the per-address
-- limit counts by: an IPv4 address, or the /64 network of an IPv6 address.
-- Comments are never deleted: rejected and spam ones stay, hidden.
CREATE TABLE comments (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    meeting_id    bigint REFERENCES meetings(id),
    axis_id       integer REFERENCES axes(id),
    name          text NOT NULL CHECK (btrim(name) <> '' AND char_length(name) <= 100),
    email         text NOT NULL CHECK (email <> '' AND length(email) <= 254 AND position('@' IN email) > 1),
    -- Stored exactly as typed; a line break sent as CRLF counts as one
    -- character, as the browser counted it.
    body          text NOT NULL CHECK (btrim(body) <> '' AND char_length(replace(body, E'\r\n', E'\n')) <= 2000),
    status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'spam')),
    reject_reason text NOT NULL DEFAULT '' CHECK (char_length(reject_reason) <= 500),
    ip            inet NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    moderated_at  timestamptz,
    moderated_by  bigint REFERENCES users(id),
    CHECK (num_nonnulls(meeting_id, axis_id) = 1),
    -- A comment waits until someone moderates it; once moderated it says
    -- when (and by whom, unless it was the command line).
    CHECK ((status = 'pending') = (moderated_at IS NULL)),
    CHECK (moderated_by IS NULL OR moderated_at IS NOT NULL),
    -- A rejection gives its reason; nothing else carries one.
    CHECK ((status = 'rejected') = (btrim(reject_reason) <> ''))
);

-- The approved comments of a page, newest first (what the public reads).
CREATE INDEX comments_meeting_approved_idx ON comments (meeting_id, created_at DESC, id DESC)
    WHERE status = 'approved' AND meeting_id IS NOT NULL;
CREATE INDEX comments_axis_approved_idx ON comments (axis_id, created_at DESC, id DESC)
    WHERE status = 'approved' AND axis_id IS NOT NULL;
-- The moderation queue (pending, oldest first) and the lists of approved,
-- rejected and spam comments moderators may revisit.
CREATE INDEX comments_status_idx ON comments (status, created_at, id);
-- The per-address limit: comments from an address since a moment.
CREATE INDEX comments_ip_idx ON comments (ip, created_at);
