package dev.tender.cluster;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The durable record of partition ownership. Hazelcast decides who should own a partition; this
 * store decides who may: ownership is a lease timed by the store's clock, which only a release or a
 * lapse frees for another node, and acquiring bumps the epoch that writes carry (a {@link Fence}).
 */
public interface PartitionOwnerStore {
  /**
   * One partition's owner and epoch.
   *
   * @param owner "" once released
   * @param leased true while the owner's lease runs by the store's clock; false once released or lapsed
   */
  record Ownership(String kind, int partition, String owner, long epoch, Instant acquiredAt, boolean leased) {}

  /**
   * Makes {@code nodeId} the owner of the partition under a lease of {@code leaseMs} (by the store's
   * clock) and returns its new epoch (1 for the first owner), if the partition was never owned, was
   * released, is already {@code nodeId}'s, or its owner's lease lapsed. Otherwise changes nothing and
   * returns empty: another node holds it. (A lease of 0 lapses at once: a holder anyone may replace.)
   */
  Future<OptionalLong> acquire(String kind, int partition, String nodeId, long leaseMs);

  /**
   * In one statement, extends to {@code leaseMs} from now the lease of every partition of {@code kind}
   * that {@code nodeId} still owns (lapsed or not: nobody took it meanwhile) and returns them,
   * partition → epoch. A partition missing from the answer was released or taken over.
   */
  Future<Map<Integer, Long>> renew(String kind, String nodeId, long leaseMs);

  /**
   * Marks the partition released by {@code nodeId} (owner becomes "", the lease ends), if it still
   * holds that epoch, so that the next owner need not wait for it. The epoch stays: the next
   * acquisition bumps it.
   */
  Future<Void> release(String kind, int partition, String nodeId, long epoch);

  /** The partition's current epoch, 0 if nobody ever owned it. */
  Future<Long> currentEpoch(String kind, int partition);

  Future<List<Ownership>> all(String kind);
}
