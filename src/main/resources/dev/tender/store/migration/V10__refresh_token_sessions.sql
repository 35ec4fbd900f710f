-- Refresh-token sessions. A rotation records its successor (replaced_by) and the successor its issue time
-- (issued_at, the JWT iat), so a token presented twice within seconds (two tabs refreshing at once) can be
-- answered with the identical successor instead of revoking the family. Rows from before read as NULL and
-- simply get no such grace.
ALTER TABLE refresh_tokens ADD COLUMN issued_at timestamptz;
ALTER TABLE refresh_tokens ADD COLUMN replaced_by text;
-- A customer's sessions ("sign out everywhere else").
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);
-- Pruning walks expired rows oldest first.
CREATE INDEX refresh_tokens_expires ON refresh_tokens (expires_at);
-- "Is this family revoked?" is asked on every rotation; revoked rows are few, so this stays tiny.
CREATE INDEX refresh_tokens_revoked_family ON refresh_tokens (family) WHERE revoked;
