ALTER TABLE meetings ADD COLUMN search tsvector GENERATED ALWAYS AS (search_vector(
    title_ar || ' ' || venue_ar || ' ' || purpose_ar || ' ' || outcomes_ar || ' ' || minutes_ar,
    title_fr || ' ' || venue_fr || ' ' || purpose_fr || ' ' || outcomes_fr || ' ' || minutes_fr)) STORED;
CREATE INDEX meetings_search_idx ON meetings USING gin (search);
ALTER TABLE agreements ADD COLUMN search tsvector GENERATED ALWAYS AS (search_vector(
    subject_ar || ' ' || summary_ar, subject_fr || ' ' || summary_fr)) STORED;
CREATE INDEX agreements_search_idx ON agreements USING gin (search);
ALTER TABLE axes ADD COLUMN search tsvector GENERATED ALWAYS AS (search_vector(
    name_ar || ' ' || description_ar || ' ' || objectives_ar,
    name_fr || ' ' || description_fr || ' ' || objectives_fr)) STORED;
CREATE INDEX axes_search_idx ON axes USING gin (search);
ALTER TABLE expectations ADD COLUMN search tsvector GENERATED ALWAYS AS (search_vector(
    title_ar || ' ' || description_ar || ' ' || answer_ar,
    title_fr || ' ' || description_fr || ' ' || answer_fr)) STORED;
CREATE INDEX expectations_search_idx ON expectations USING gin (search);

DO $$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT tgname, tgrelid::regclass AS tbl FROM pg_trigger WHERE tgname LIKE 'search\_%' AND NOT tgisinternal LOOP
        EXECUTE format('DROP TRIGGER %I ON %s', t.tgname, t.tbl);
    END LOOP;
END $$;
DROP FUNCTION search_rebuild();
DROP FUNCTION search_touch();
DROP FUNCTION search_refresh(text, bigint[]);
DROP FUNCTION search_lines(text[]);
DROP TABLE search_documents;
DROP EXTENSION IF EXISTS rum;
