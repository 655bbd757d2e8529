DROP TABLE audit_log;
DROP TABLE invitations;
DROP TABLE login_attempts;
DROP TABLE sessions;
DROP TABLE users;
