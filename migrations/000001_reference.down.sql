DROP TABLE indicator_targets;
DROP TABLE indicators;
DROP TABLE fields;
DROP TABLE axes;
DROP TABLE strategies;
DROP TABLE institutions;
DROP TABLE provinces;
DROP TABLE regions;
