-- An indicator counts something ("4 خدمات", "4 services"): unit_key names
-- the catalogue's plural message of its unit (unit_<key> in locales/), so
-- that its values are written with the noun in the form the count needs,
-- in every Arabic and French plural form. unit_ar and unit_fr stay the
-- unit's name (as the open data gives it). Empty: the value is written
-- with unit_ar or unit_fr beside it.
ALTER TABLE indicators ADD COLUMN unit_key text NOT NULL DEFAULT '' CHECK (unit_key ~ '^[a-z_]{0,40}$');
UPDATE indicators i SET unit_key = v.unit_key
FROM (VALUES ('jisr-points', 'desks'), ('digital-services', 'services'), ('income-projects', 'projects'),
             ('regional-agreements', 'agreements'), ('pilot-projects', 'pilots'), ('mobile-units', 'mobile_units'),
             ('women-beneficiaries', 'women')) AS v(slug, unit_key)
WHERE i.slug = v.slug;
