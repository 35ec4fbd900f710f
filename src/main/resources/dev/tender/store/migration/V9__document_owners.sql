-- Documents that belong to someone (a customer's orders) record whose they are and when they were made,
-- so an owner's documents can be listed newest first without reading the kind's whole table.
ALTER TABLE documents ADD COLUMN owner text;
ALTER TABLE documents ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX documents_by_owner ON documents (kind, owner, created_at DESC) WHERE owner IS NOT NULL;
