package dev.tender.cluster;

import io.vertx.core.Deployable;

/** A partition actor as the {@link PartitionKeeper} sees it. */
public interface OwnedPartition extends Deployable {
  /** The epoch the actor acquired its partition under; 0 until started. */
  long epoch();

  /** True once another member took the partition over; the keeper then undeploys the actor. */
  boolean lost();

  /**
   * The keeper renewed the lease: the actor may serve until {@code nanoTime} ({@link System#nanoTime}).
   * Called from the keeper's thread.
   */
  void leaseValidUntil(long nanoTime);

  /** The keeper's renewal found the partition no longer ours: step down. Called from the keeper's thread. */
  void takenOver();

  /** Outbox rows committed and not yet acknowledged (for the metrics). Read from the keeper's thread. */
  default int outboxPending() {
    return 0;
  }

  /** Why an actor did not start: another node holds its partition under a running lease. The keeper retries. */
  final class HeldElsewhere extends RuntimeException {
    public HeldElsewhere(String kind, int partition) {
      super(kind + " partition " + partition + " is still leased by another node", null, false, false);
    }
  }
}
