-- What a cart is to be paid with besides the gateway (loyalty points, credit, gift cards); written with
-- the other details, only when they change.
ALTER TABLE cart_details ADD COLUMN tenders jsonb;
