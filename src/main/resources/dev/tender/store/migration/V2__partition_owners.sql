-- Who owns each partition of each kind, and since which epoch. Acquiring a partition bumps its
-- epoch; every write of a partition's aggregates is conditional on the epoch its owner acquired, so a
-- stale owner (paused, partitioned, slow to notice a handover) cannot write.
CREATE TABLE partition_owners (
  kind        text        NOT NULL,
  partition   int         NOT NULL,
  owner       text        NOT NULL,
  epoch       bigint      NOT NULL,
  acquired_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (kind, partition)
);
