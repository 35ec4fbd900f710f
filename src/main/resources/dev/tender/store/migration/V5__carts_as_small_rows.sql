-- A shopper's cart and wishlist as small rows instead of one JSON document: adding an item writes the
-- changed line and the shopper's version, not the whole cart. shoppers keeps the version fence.
ALTER TABLE shoppers
  ADD COLUMN cart_id         text,
  ADD COLUMN cart_created_at timestamptz,
  ADD COLUMN cart_updated_at timestamptz,
  ADD COLUMN cart_expires_at timestamptz,
  ADD COLUMN expiry_check_at timestamptz;

-- Written only when they change (addresses, fulfillment, metadata).
CREATE TABLE cart_details (
  user_id     text PRIMARY KEY,
  billing     jsonb,
  shipping    jsonb,
  fulfillment jsonb,
  metadata    jsonb NOT NULL DEFAULT '{}'
);

-- position orders lines as they were added (the shopper's version when added, times 1000, plus the index).
CREATE TABLE cart_lines (
  user_id    text   NOT NULL,
  product_id text   NOT NULL,
  variant_id text   NOT NULL DEFAULT '',
  quantity   int    NOT NULL CHECK (quantity > 0),
  position   bigint NOT NULL,
  PRIMARY KEY (user_id, product_id, variant_id)
);

CREATE TABLE wishlist_items (
  user_id    text   NOT NULL,
  product_id text   NOT NULL,
  variant_id text   NOT NULL DEFAULT '',
  position   bigint NOT NULL,
  PRIMARY KEY (user_id, product_id, variant_id)
);

-- Carry over what the documents held.
UPDATE shoppers SET
  cart_id = body->'cart'->>'id',
  cart_created_at = (body->'cart'->>'created_at')::timestamptz,
  cart_updated_at = (body->'cart'->>'updated_at')::timestamptz,
  cart_expires_at = (body->'cart'->>'expires_at')::timestamptz
WHERE jsonb_typeof(body->'cart') = 'object';

INSERT INTO cart_details (user_id, billing, shipping, fulfillment, metadata)
SELECT user_id, NULLIF(body->'cart'->'billing_address', 'null'), NULLIF(body->'cart'->'shipping_address', 'null'),
       NULLIF(body->'cart'->'fulfillment', 'null'), COALESCE(body->'cart'->'metadata', '{}')
  FROM shoppers WHERE jsonb_typeof(body->'cart') = 'object';

INSERT INTO cart_lines (user_id, product_id, variant_id, quantity, position)
SELECT s.user_id, l.value->>'product_id', COALESCE(l.value->>'variant_id', ''), (l.value->>'quantity')::int, l.ordinality
  FROM shoppers s, jsonb_array_elements(s.body->'cart'->'lines') WITH ORDINALITY AS l(value, ordinality)
 WHERE jsonb_typeof(s.body->'cart') = 'object'
ON CONFLICT DO NOTHING;

INSERT INTO wishlist_items (user_id, product_id, variant_id, position)
SELECT s.user_id, w.value->>'product_id', COALESCE(w.value->>'variant_id', ''), w.ordinality
  FROM shoppers s, jsonb_array_elements(COALESCE(s.body->'wishlist', '[]')) WITH ORDINALITY AS w(value, ordinality)
ON CONFLICT DO NOTHING;

ALTER TABLE shoppers DROP COLUMN body;
