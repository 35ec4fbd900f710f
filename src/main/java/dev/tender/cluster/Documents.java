package dev.tender.cluster;

import io.vertx.core.Future;
import java.util.List;

/**
 * A kind's aggregates kept as versioned documents ({@link Backend#documents}), which can also be listed
 * whole (kinds with few aggregates that operators browse, like coupons) or by owner (a customer's orders).
 */
public interface Documents<S> extends AggregateStore<S> {
  /** Every stored aggregate of the kind, ordered by key. */
  Future<List<S>> all();

  /** The newest {@code limit} documents of {@code owner}, newest first (only for documents made with an owner function). */
  Future<List<S>> ownedBy(String owner, int limit);
}
