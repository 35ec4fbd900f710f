-- The ownership epoch each shopper row was last written under: what operators (and the chaos test)
-- audit to see that no stale owner's write was accepted. Rows from before this column read as 0.
ALTER TABLE shoppers ADD COLUMN written_epoch bigint NOT NULL DEFAULT 0;
