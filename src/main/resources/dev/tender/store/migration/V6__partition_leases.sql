-- Ownership is a lease: its owner renews it every tick, and another node may acquire the partition only
-- once the owner released it or the lease lapsed, by this database's clock. NULL: no lease (released,
-- or a row from before leases), so existing rows count as lapsed.
ALTER TABLE partition_owners ADD COLUMN lease_until timestamptz;
