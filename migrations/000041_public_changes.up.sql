-- Every transaction that changes what the public reads notifies the
-- channel tachawor_public (payload: the table), from the same transaction:
-- PostgreSQL delivers it at commit, to every portal process listening,
-- which then drops the pages it kept in memory (internal/pagecache). A
-- rolled-back transaction notifies no one.
--
-- Every table of the schema is either listed here or among the tables the
-- public never reads (accounts, sessions, sign-in attempts, invitations,
-- the audit log); internal/store's TestEveryTableIsClassified fails when a
-- new table is neither, so that a page cannot go stale unnoticed: give a
-- new public table the trigger with SELECT public_changes_notify('table').

CREATE FUNCTION public_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('tachawor_public', TG_TABLE_NAME);
    RETURN NULL;
END $$;

CREATE FUNCTION public_changes_notify(tbl regclass) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('CREATE TRIGGER public_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %s
                    FOR EACH STATEMENT EXECUTE FUNCTION public_changed()', tbl);
END $$;

SELECT public_changes_notify(t::regclass) FROM unnest(ARRAY[
    'regions', 'provinces', 'institutions', 'strategies', 'axes', 'fields', 'indicators', 'indicator_targets',
    'officials', 'meetings', 'meeting_attendees', 'meeting_axes', 'meeting_fields', 'agenda_items', 'attachments',
    'support_grants', 'field_visits', 'agreements', 'agreement_parties', 'agreement_axes', 'agreement_fields',
    'agreement_provinces', 'agreement_milestones', 'expectations', 'expectation_axes', 'expectation_provinces',
    'commitments', 'commitment_expectations', 'commitment_milestones', 'search_documents']) AS t;

-- Comments reach the public only once approved: a comment posted (pending)
-- or one rejected without ever having been approved changes no page, and
-- notifies no one, so that posting comments cannot empty the caches.
CREATE TRIGGER public_changed AFTER UPDATE ON comments
    FOR EACH ROW WHEN (OLD.status = 'approved' OR NEW.status = 'approved') EXECUTE FUNCTION public_changed();
CREATE TRIGGER public_changed_ins AFTER INSERT ON comments
    FOR EACH ROW WHEN (NEW.status = 'approved') EXECUTE FUNCTION public_changed();
CREATE TRIGGER public_changed_del AFTER DELETE ON comments
    FOR EACH ROW WHEN (OLD.status = 'approved') EXECUTE FUNCTION public_changed();
