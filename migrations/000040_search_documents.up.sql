-- Search over what the public pages show, ranked over all matches.
--
-- search_documents holds one row per public record (a published meeting,
-- agreement or commitment, an expectation out of draft, an axis) with the
-- text its page shows: for a meeting its agenda and presenters, the chair
-- and the officials present (names in both scripts), the support handed
-- out and the field visits; for an agreement its parties and milestones;
-- for a commitment its institution and milestones. Triggers keep it in
-- step with the records in the same transaction, so a search never finds
-- a draft, nor misses what was just published.
--
-- Ranking: a RUM index (extension rum, Debian's postgresql-15-rum) orders
-- the matches by `<=>` straight from the index. Measured on the national
-- bench dataset (201,603 documents), for the bench's word (12,801 matches):
-- GIN with ts_rank over all matches 32-44 ms, RUM 5.5 ms, same top three;
-- 30 matches: 0.5 ms both; a word in 94% of the documents: 120 ms and
-- 100 ms, which is why the search has a time budget of its own
-- (internal/store/search.go). Titles weigh A, the rest D, so that a record
-- with the word in its title ranks above many mentioning it in passing.

CREATE EXTENSION IF NOT EXISTS rum;

CREATE TABLE search_documents (
    kind            text NOT NULL CHECK (kind IN ('meeting', 'agreement', 'axis', 'expectation', 'commitment')),
    id              bigint NOT NULL,
    slug            text NOT NULL DEFAULT '',  -- axes are addressed by slug
    region_id       smallint,
    day             date,                      -- held, signed, submitted, published
    series_position smallint,                  -- meetings: the place in the regional series
    title_ar        text NOT NULL DEFAULT '',
    title_fr        text NOT NULL DEFAULT '',
    body_ar         text NOT NULL DEFAULT '',
    body_fr         text NOT NULL DEFAULT '',
    search          tsvector NOT NULL GENERATED ALWAYS AS (
                        setweight(search_vector(title_ar, title_fr), 'A') || setweight(search_vector(body_ar, body_fr), 'D')) STORED,
    PRIMARY KEY (kind, id)
);
-- The time budget's fallback: the newest matches first.
CREATE INDEX search_documents_day_idx ON search_documents (day DESC NULLS LAST);

-- lines joins the non-empty texts of a page, one per line.
CREATE FUNCTION search_lines(VARIADIC parts text[]) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN array_to_string(array_remove(array_remove(parts, ''), NULL), E'\n');

-- search_refresh rewrites the documents of records of one kind.
CREATE FUNCTION search_refresh(k text, ids bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM search_documents WHERE kind = k AND id = ANY (ids);
    IF k = 'meeting' THEN
        INSERT INTO search_documents (kind, id, region_id, day, series_position, title_ar, title_fr, body_ar, body_fr)
        SELECT 'meeting', m.id, m.region_id, (m.starts_at AT TIME ZONE 'Africa/Casablanca')::date, m.series_position,
               m.title_ar, m.title_fr,
               search_lines(m.venue_ar, m.purpose_ar, ch.name_ar, ch.title_ar, m.attendees_note_ar, att.ar, ag.ar,
                            m.outcomes_ar, m.minutes_ar, sg.ar, fv.ar),
               search_lines(m.venue_fr, m.purpose_fr, ch.name_fr, ch.title_fr, m.attendees_note_fr, att.fr, ag.fr,
                            m.outcomes_fr, m.minutes_fr, sg.fr, fv.fr)
        FROM meetings m
        LEFT JOIN officials ch ON ch.id = m.chair_id
        LEFT JOIN LATERAL (SELECT string_agg(search_lines(o.name_ar, o.title_ar), E'\n' ORDER BY a.position) AS ar,
                                  string_agg(search_lines(o.name_fr, o.title_fr), E'\n' ORDER BY a.position) AS fr
                           FROM meeting_attendees a JOIN officials o ON o.id = a.official_id WHERE a.meeting_id = m.id) att ON true
        LEFT JOIN LATERAL (SELECT string_agg(search_lines(g.title_ar, g.presenter_ar, g.summary_ar), E'\n' ORDER BY g.position) AS ar,
                                  string_agg(search_lines(g.title_fr, g.presenter_fr, g.summary_fr), E'\n' ORDER BY g.position) AS fr
                           FROM agenda_items g WHERE g.meeting_id = m.id) ag ON true
        LEFT JOIN LATERAL (SELECT string_agg(s.programme_ar, E'\n' ORDER BY s.position) AS ar,
                                  string_agg(s.programme_fr, E'\n' ORDER BY s.position) AS fr
                           FROM support_grants s WHERE s.meeting_id = m.id) sg ON true
        LEFT JOIN LATERAL (SELECT string_agg(search_lines(v.place_ar, v.description_ar), E'\n' ORDER BY v.position) AS ar,
                                  string_agg(search_lines(v.place_fr, v.description_fr), E'\n' ORDER BY v.position) AS fr
                           FROM field_visits v WHERE v.meeting_id = m.id) fv ON true
        WHERE m.id = ANY (ids) AND m.state = 'published';
    ELSIF k = 'agreement' THEN
        INSERT INTO search_documents (kind, id, region_id, day, title_ar, title_fr, body_ar, body_fr)
        SELECT 'agreement', a.id, a.region_id, a.signed_on, a.subject_ar, a.subject_fr,
               search_lines(a.summary_ar, p.ar, ms.ar), search_lines(a.summary_fr, p.fr, ms.fr)
        FROM agreements a
        LEFT JOIN LATERAL (SELECT string_agg(search_lines(i.name_ar, i.short_name), E'\n' ORDER BY ap.position) AS ar,
                                  string_agg(search_lines(i.name_fr, i.short_name), E'\n' ORDER BY ap.position) AS fr
                           FROM agreement_parties ap JOIN institutions i ON i.id = ap.institution_id WHERE ap.agreement_id = a.id) p ON true
        LEFT JOIN LATERAL (SELECT string_agg(x.title_ar, E'\n' ORDER BY x.position) AS ar,
                                  string_agg(x.title_fr, E'\n' ORDER BY x.position) AS fr
                           FROM agreement_milestones x WHERE x.agreement_id = a.id) ms ON true
        WHERE a.id = ANY (ids) AND a.state = 'published';
    ELSIF k = 'axis' THEN
        INSERT INTO search_documents (kind, id, slug, title_ar, title_fr, body_ar, body_fr)
        SELECT 'axis', x.id, x.slug, x.name_ar, x.name_fr,
               search_lines(x.description_ar, x.objectives_ar), search_lines(x.description_fr, x.objectives_fr)
        FROM axes x WHERE x.id = ANY (ids);
    ELSIF k = 'expectation' THEN
        INSERT INTO search_documents (kind, id, region_id, day, title_ar, title_fr, body_ar, body_fr)
        SELECT 'expectation', e.id, e.region_id, (e.submitted_at AT TIME ZONE 'Africa/Casablanca')::date, e.title_ar, e.title_fr,
               search_lines(e.description_ar, e.population_ar, e.answer_ar, i.name_ar, i.short_name),
               search_lines(e.description_fr, e.population_fr, e.answer_fr, i.name_fr, i.short_name)
        FROM expectations e LEFT JOIN institutions i ON i.id = e.institution_id
        WHERE e.id = ANY (ids) AND e.status <> 'draft';
    ELSIF k = 'commitment' THEN
        INSERT INTO search_documents (kind, id, region_id, day, title_ar, title_fr, body_ar, body_fr)
        SELECT 'commitment', c.id, c.region_id, (coalesce(c.published_at, c.created_at) AT TIME ZONE 'Africa/Casablanca')::date,
               c.title_ar, c.title_fr,
               search_lines(c.description_ar, i.name_ar, i.short_name, ms.ar),
               search_lines(c.description_fr, i.name_fr, i.short_name, ms.fr)
        FROM commitments c JOIN institutions i ON i.id = c.institution_id
        LEFT JOIN LATERAL (SELECT string_agg(x.title_ar, E'\n' ORDER BY x.position) AS ar,
                                  string_agg(x.title_fr, E'\n' ORDER BY x.position) AS fr
                           FROM commitment_milestones x WHERE x.commitment_id = c.id) ms ON true
        WHERE c.id = ANY (ids) AND c.state = 'published';
    END IF;
END $$;

-- search_touch is the statement trigger of every table a document is made
-- of: TG_ARGV[0] is the kind of the documents to rewrite, TG_ARGV[1] a
-- query over the changed rows (old and new, as "changed") giving their ids.
--
-- A bulk load (make bench's dataset) sets tachawor.search_deferred to on
-- for its transaction and calls search_rebuild() at the end: writing the
-- RUM index row by row costs about a millisecond a document, building it
-- whole a twentieth of that.
CREATE FUNCTION search_touch() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    changed text := CASE TG_OP WHEN 'INSERT' THEN 'SELECT * FROM new_rows' WHEN 'DELETE' THEN 'SELECT * FROM old_rows'
                    ELSE 'SELECT * FROM new_rows UNION ALL SELECT * FROM old_rows' END;
    ids bigint[];
BEGIN
    IF current_setting('tachawor.search_deferred', true) = 'on' THEN
        RETURN NULL;
    END IF;
    EXECUTE format('WITH changed AS (%s) SELECT array_agg(DISTINCT x) FROM (%s) AS p(x) WHERE x IS NOT NULL', changed, TG_ARGV[1])
        INTO ids;
    IF ids IS NOT NULL THEN
        PERFORM search_refresh(TG_ARGV[0], ids);
    END IF;
    RETURN NULL;
END $$;

DO $$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT * FROM (VALUES
        ('meetings', 'meeting', 'SELECT id FROM changed'),
        ('agenda_items', 'meeting', 'SELECT meeting_id FROM changed'),
        ('meeting_attendees', 'meeting', 'SELECT meeting_id FROM changed'),
        ('support_grants', 'meeting', 'SELECT meeting_id FROM changed'),
        ('field_visits', 'meeting', 'SELECT meeting_id FROM changed'),
        ('officials', 'meeting', 'SELECT m.id FROM meetings m WHERE m.chair_id IN (SELECT id FROM changed)
                                  UNION SELECT a.meeting_id FROM meeting_attendees a WHERE a.official_id IN (SELECT id FROM changed)'),
        ('agreements', 'agreement', 'SELECT id FROM changed'),
        ('agreement_parties', 'agreement', 'SELECT agreement_id FROM changed'),
        ('agreement_milestones', 'agreement', 'SELECT agreement_id FROM changed'),
        ('institutions', 'agreement', 'SELECT p.agreement_id FROM agreement_parties p WHERE p.institution_id IN (SELECT id FROM changed)'),
        ('institutions', 'expectation', 'SELECT e.id FROM expectations e WHERE e.institution_id IN (SELECT id FROM changed)'),
        ('institutions', 'commitment', 'SELECT c.id FROM commitments c WHERE c.institution_id IN (SELECT id FROM changed)'),
        ('axes', 'axis', 'SELECT id FROM changed'),
        ('expectations', 'expectation', 'SELECT id FROM changed'),
        ('commitments', 'commitment', 'SELECT id FROM changed'),
        ('commitment_milestones', 'commitment', 'SELECT commitment_id FROM changed')
    ) AS v(tbl, kind, ids)
    LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
                        FOR EACH STATEMENT EXECUTE FUNCTION search_touch(%L, %L)', 'search_' || t.kind || '_ins', t.tbl, t.kind, t.ids);
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                        FOR EACH STATEMENT EXECUTE FUNCTION search_touch(%L, %L)', 'search_' || t.kind || '_upd', t.tbl, t.kind, t.ids);
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
                        FOR EACH STATEMENT EXECUTE FUNCTION search_touch(%L, %L)', 'search_' || t.kind || '_del', t.tbl, t.kind, t.ids);
    END LOOP;
END $$;

-- search_rebuild writes every document anew, then builds the ranking index.
CREATE FUNCTION search_rebuild() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    DROP INDEX IF EXISTS search_documents_rank_idx;
    TRUNCATE search_documents;
    PERFORM search_refresh('meeting', (SELECT array_agg(id) FROM meetings));
    PERFORM search_refresh('agreement', (SELECT array_agg(id) FROM agreements));
    PERFORM search_refresh('axis', (SELECT array_agg(id::bigint) FROM axes));
    PERFORM search_refresh('expectation', (SELECT array_agg(id) FROM expectations));
    PERFORM search_refresh('commitment', (SELECT array_agg(id) FROM commitments));
    CREATE INDEX search_documents_rank_idx ON search_documents USING rum (search rum_tsvector_ops);
END $$;

SELECT search_rebuild();

-- The per-table search vectors are replaced by the documents.
DROP INDEX meetings_search_idx, agreements_search_idx, axes_search_idx, expectations_search_idx;
ALTER TABLE meetings DROP COLUMN search;
ALTER TABLE agreements DROP COLUMN search;
ALTER TABLE axes DROP COLUMN search;
ALTER TABLE expectations DROP COLUMN search;
