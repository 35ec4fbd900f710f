package dev.tender.cluster;

import io.vertx.core.Future;
import java.util.List;

/**
 * A kind's aggregates kept as versioned documents ({@link Backend#documents}), which can also be listed
 * whole: for kinds with few aggregates that operators and shoppers browse (coupons).
 */
public interface Documents<S> extends AggregateStore<S> {
  /** Every stored aggregate of the kind, ordered by key. */
  Future<List<S>> all();
}
