package dev.tender.cluster;

import io.vertx.core.Deployable;

/** A partition actor as the {@link PartitionKeeper} sees it. */
public interface OwnedPartition extends Deployable {
  /** The epoch the actor acquired its partition under; 0 until started. */
  long epoch();

  /** True once another member took the partition over; the keeper then undeploys the actor. */
  boolean lost();
}
