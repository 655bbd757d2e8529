-- The tables of the pages per expectation and commitment (migration 30)
-- notify the portals of their changes too (migration 41), so that no
-- cached page outlives them.
SELECT public_changes_notify(t::regclass)
FROM unnest(ARRAY['expectation_status_history', 'commitment_progress', 'commitment_agreements']) AS t;
