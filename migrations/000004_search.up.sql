-- Full-text search in both languages. Arabic text and queries are
-- normalised the same way (internal/textsearch mirrors normalize_ar in Go):
-- alef forms to bare alef, alef maqsura (and Persian ya) to ya, taa marbuta to ha, and
-- tashkeel, superscript alef and tatweel removed, so a search does not depend
-- on how a word was spelt. French text is searched without accents.

CREATE EXTENSION IF NOT EXISTS unaccent;

CREATE FUNCTION normalize_ar(t text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN translate(regexp_replace(t, '[\u064B-\u065F\u0670\u0640]', '', 'g'), 'أإآٱىیة', 'ااااييه');

-- fold_ar also detaches the proclitics glued to Arabic words (the article
-- and the conjunctions and prepositions before it: وال بال كال فال لل ال,
-- then a single و ب ل ف ك before four letters or more), which PostgreSQL's
-- Arabic stemmer leaves attached ("لاستراتيجية", "للإستراتيجية"). Applied
-- alike to text and queries, an over-eager cut costs nothing in recall.
CREATE FUNCTION fold_ar(t text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN regexp_replace(
         regexp_replace(normalize_ar(t), '(^|[^ء-ي])(وال|بال|كال|فال|لل|ال)([ء-ي]{3,})', '\1\3', 'g'),
         '(^|[^ء-ي])[وبلفك]([ء-ي]{4,})', '\1\2', 'g');

CREATE FUNCTION unaccent_fr(t text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN public.unaccent('public.unaccent'::regdictionary, t);

CREATE FUNCTION search_vector(ar text, fr text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN to_tsvector('arabic'::regconfig, fold_ar(coalesce(ar, '')))
    || to_tsvector('french'::regconfig, unaccent_fr(coalesce(fr, '')));

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
