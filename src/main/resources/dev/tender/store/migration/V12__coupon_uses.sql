-- A coupon's document keeps its settings and counts; each order's use of it is a row here, written in
-- the same transaction, so a write of a hot coupon is the size of what changed, not of every open
-- reservation. Documents written before this migration carry their uses inline; the store moves them
-- here the first time it loads such a coupon. Not a rolling upgrade: a node of the older version reads the new
-- documents as coupons without uses, so every node of a cluster moves to this version at once (and none back).
CREATE TABLE coupon_uses (
  code          text        NOT NULL,
  order_id      text        NOT NULL,
  customer_id   text,
  state         text        NOT NULL CHECK (state IN ('reserved', 'confirmed', 'released', 'given_back')),
  expires_at    timestamptz,
  -- The number of a confirmed use (1, 2, ...); 0 otherwise.
  use_no        bigint      NOT NULL CHECK (use_no >= 0),
  -- The coupon's change counter when this row last changed: confirmed uses in the order they were confirmed.
  seq           bigint      NOT NULL,
  written_epoch bigint      NOT NULL,
  PRIMARY KEY (code, order_id),
  CHECK (state <> 'reserved' OR expires_at IS NOT NULL),
  CHECK (state <> 'confirmed' OR use_no > 0 OR seq < 0)
);

CREATE INDEX coupon_uses_open ON coupon_uses (code) WHERE state = 'reserved';
CREATE INDEX coupon_uses_confirmed ON coupon_uses (code, seq DESC) WHERE state = 'confirmed';
CREATE INDEX coupon_uses_by_customer ON coupon_uses (customer_id, code) WHERE state IN ('reserved', 'confirmed');
