ALTER TABLE users DROP COLUMN lang;
DROP TABLE mail_outbox;
