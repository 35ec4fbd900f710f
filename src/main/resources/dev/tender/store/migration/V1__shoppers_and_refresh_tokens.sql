-- One row per shopper: the active cart and the wishlist as one JSONB document.
-- version fences every write: a writer that loaded version N may only write N + 1.
CREATE TABLE shoppers (
  user_id    text PRIMARY KEY,
  version    bigint NOT NULL CHECK (version > 0),
  body       jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Refresh tokens rotate: each is used once. Reusing one revokes its whole family (theft).
CREATE TABLE refresh_tokens (
  jti        text PRIMARY KEY,
  family     text NOT NULL,
  user_id    text NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at    timestamptz,
  revoked    boolean NOT NULL DEFAULT false
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family);
