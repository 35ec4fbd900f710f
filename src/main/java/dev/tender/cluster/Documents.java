package dev.tender.cluster;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;

/**
 * A kind's aggregates kept as versioned documents ({@link Backend#documents}), which can also be listed
 * whole (kinds with few aggregates that operators browse, like coupons), by owner (a customer's orders),
 * or by when they next need a look from outside their partition (an order whose payment nobody answered).
 */
public interface Documents<S> extends AggregateStore<S> {
  /** Every stored aggregate of the kind, ordered by key. */
  Future<List<S>> all();

  /** The newest {@code limit} documents of {@code owner}, newest first (only for documents made with an owner function). */
  Future<List<S>> ownedBy(String owner, int limit);

  /** A document whose attention instant ({@code at}) has come: its key, that instant and its state. */
  record Due<S>(String key, Instant at, S state) {}

  /**
   * Up to {@code limit} documents whose attention instant is at or before {@code before}, oldest first
   * (then by key), only for documents made with an attention function; empty for any other.
   */
  default Future<List<Due<S>>> needingAttention(Instant before, int limit) {
    return needingAttention(before, null, limit);
  }

  /** {@link #needingAttention(Instant, int)} from just after {@code after} (a previous page's last; null: from the start). */
  Future<List<Due<S>>> needingAttention(Instant before, Due<?> after, int limit);
}
