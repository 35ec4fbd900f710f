package dev.tender.store;

import dev.tender.promo.CouponState;
import dev.tender.promo.CouponStore;
import dev.tender.promo.CouponSummary;
import io.vertx.core.Future;
import java.util.List;

/** Coupons in memory, lost when the process stops: each kept whole, its uses included. */
public final class InMemoryCouponStore implements CouponStore {
  private final InMemoryDocumentStore<CouponState> coupons = new InMemoryDocumentStore<>(CouponState::none);

  @Override
  public Future<Versioned<CouponState>> load(String code) {
    return coupons.load(code);
  }

  @Override
  public StagedWrite stage(String code, CouponState before, CouponState after, long expectedVersion, long epoch) {
    return coupons.stage(code, before, after, expectedVersion, epoch);
  }

  @Override
  public Future<List<CouponSummary>> summaries(String customerId) {
    return coupons.all().map(all -> all.stream().map(s -> s.summary(customerId)).toList());
  }
}
