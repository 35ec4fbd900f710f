-- The partition runtime's own rows, written in the same transaction as the aggregate changes they belong to.

-- The outcome of every mutating request, replayed to a retry with the same key until expires_at: 24 hours for
-- a client's key, a minute for one the server minted. scope is whose keys these are (the user); the owner
-- of the target partition inserts and prunes.
CREATE TABLE idempotency_records (
  scope       text        NOT NULL,
  key         text        NOT NULL,
  kind        text        NOT NULL,
  partition   int         NOT NULL,
  fingerprint bytea,
  reply       bytea       NOT NULL,
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL,
  PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_records_expiry ON idempotency_records (kind, partition, expires_at);

-- Durable timers: setting one again replaces it (a new generation); a firing deletes the row only at its
-- generation, with what it decided, so a replaced timer never acts and a fired one acts once.
CREATE TABLE timers (
  kind       text        NOT NULL,
  key        text        NOT NULL,
  name       text        NOT NULL,
  partition  int         NOT NULL,
  due_at     timestamptz NOT NULL,
  generation bigint      NOT NULL,
  PRIMARY KEY (kind, key, name)
);
CREATE INDEX timers_due ON timers (kind, partition, due_at);

-- Commands for other kinds, written with the change that decided them and deleted once acknowledged.
CREATE TABLE outbox (
  kind       text        NOT NULL,
  partition  int         NOT NULL,
  seq        bigint      NOT NULL,
  dest_kind  text        NOT NULL,
  dest_key   text        NOT NULL,
  payload    bytea       NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (kind, partition, seq)
);

-- Aggregates of small kinds that need no schema of their own: the wire form of the state, fenced by version.
CREATE TABLE documents (
  kind          text        NOT NULL,
  key           text        NOT NULL,
  version       bigint      NOT NULL CHECK (version > 0),
  body          bytea       NOT NULL,
  written_epoch bigint      NOT NULL,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (kind, key)
);
