-- Wallet accounts (gift cards, store credit, loyalty points) keep their state as a versioned document
-- (documents, kind 'wallet'); every change of value is also a line of this append-only ledger, written in
-- the same transaction. The constraints hold even if the code that decides were wrong.
CREATE TABLE wallet_ledger (
  account_key   text        NOT NULL,
  seq           bigint      NOT NULL CHECK (seq > 0),
  entry_type    text        NOT NULL CHECK (entry_type IN ('issue', 'hold', 'capture', 'release', 'refund', 'adjust', 'earn')),
  amount        bigint      NOT NULL,
  hold_id       text,
  reference     text        NOT NULL,
  at            timestamptz NOT NULL,
  -- The account after this line: never a negative balance, never more held than the balance.
  balance_after bigint      NOT NULL CHECK (balance_after >= 0),
  held_after    bigint      NOT NULL CHECK (held_after >= 0 AND held_after <= balance_after),
  written_epoch bigint      NOT NULL,
  PRIMARY KEY (account_key, seq),
  CHECK ((entry_type IN ('hold', 'capture', 'release')) = (hold_id IS NOT NULL))
);

-- A hold is taken once, and captured or released at most once (not both, not twice).
CREATE UNIQUE INDEX wallet_ledger_hold_taken_once ON wallet_ledger (account_key, hold_id) WHERE entry_type = 'hold';
CREATE UNIQUE INDEX wallet_ledger_hold_settled_once ON wallet_ledger (account_key, hold_id) WHERE entry_type IN ('capture', 'release');

-- Append-only: a line, once written, is never changed or removed.
CREATE FUNCTION wallet_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'wallet_ledger is append-only' USING ERRCODE = 'integrity_constraint_violation';
END $$;
CREATE TRIGGER wallet_ledger_append_only BEFORE UPDATE OR DELETE ON wallet_ledger
  FOR EACH ROW EXECUTE FUNCTION wallet_ledger_append_only();
