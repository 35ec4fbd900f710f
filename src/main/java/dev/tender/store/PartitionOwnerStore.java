package dev.tender.store;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;

/**
 * The durable record of partition ownership. Hazelcast decides who should own a partition; this
 * store decides whose writes count: acquiring bumps the epoch, and writes carry the epoch (a
 * {@link Fence}) they were made under.
 */
public interface PartitionOwnerStore {
  /** One partition's owner and epoch. */
  record Ownership(String kind, int partition, String owner, long epoch, Instant acquiredAt) {}

  /** Makes {@code nodeId} the owner of the partition and returns its new epoch (1 for the first owner). */
  Future<Long> acquire(String kind, int partition, String nodeId);

  /**
   * Marks the partition released by {@code nodeId} (owner becomes ""), if it still holds that epoch,
   * so that the next owner need not wait for it. The epoch stays: the next acquisition bumps it.
   */
  Future<Void> release(String kind, int partition, String nodeId, long epoch);

  /** The partition's current epoch, 0 if nobody ever owned it. */
  Future<Long> currentEpoch(String kind, int partition);

  Future<List<Ownership>> all(String kind);
}
