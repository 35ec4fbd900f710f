package dev.tender.promo;

import dev.tender.cluster.AggregateStore;
import io.vertx.core.Future;
import java.util.List;

/**
 * Where coupons live: each coupon's settings and counts, and a row per order that used it (reserved,
 * confirmed, released or given back), written in one transaction. Implemented in {@code store/} for
 * PostgreSQL and memory.
 */
public interface CouponStore extends AggregateStore<CouponState> {
  /**
   * Every coupon, ordered by code, with the uses of {@code customerId} (null: nobody's) counted: what
   * the listings show. Read outside the coupons' partitions, so a moment old.
   */
  Future<List<CouponSummary>> summaries(String customerId);
}
