-- Documents that need a look from outside their partition at some instant (an order whose payment attempt
-- nobody answered, for the payment sweep) record it; every write recomputes it, NULL meaning nothing to do.
-- Rows written before this migration read as NULL until their next write.
ALTER TABLE documents ADD COLUMN attention_at timestamptz;
CREATE INDEX documents_needing_attention ON documents (kind, attention_at, key) WHERE attention_at IS NOT NULL;
