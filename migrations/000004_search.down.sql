ALTER TABLE expectations DROP COLUMN search;
ALTER TABLE axes DROP COLUMN search;
ALTER TABLE agreements DROP COLUMN search;
ALTER TABLE meetings DROP COLUMN search;
DROP FUNCTION search_vector(text, text);
DROP FUNCTION unaccent_fr(text);
DROP FUNCTION fold_ar(text);
DROP FUNCTION normalize_ar(text);
DROP EXTENSION IF EXISTS unaccent;
