-- When a session was revoked, so that every node can refuse its access tokens too (not only its refresh
-- tokens): nodes read the families revoked since they last looked. Rows revoked before this migration read as
-- NULL; their access tokens live out their (short) lifetime, as all did before.
ALTER TABLE refresh_tokens ADD COLUMN revoked_at timestamptz;
CREATE INDEX refresh_tokens_revoked_at ON refresh_tokens (revoked_at) WHERE revoked_at IS NOT NULL;
