package dev.tender.store;

import dev.tender.promo.CouponState;
import dev.tender.promo.PromoStore;
import io.vertx.core.Future;
import java.util.Comparator;
import java.util.List;

/** Coupons in memory, lost when the process stops. */
public final class InMemoryPromoStore implements PromoStore {
  private final InMemoryDocumentStore<CouponState> coupons = new InMemoryDocumentStore<>(CouponState::none);

  @Override
  public Future<Versioned<CouponState>> load(String key) {
    return coupons.load(key);
  }

  @Override
  public StagedWrite stage(String key, CouponState before, CouponState after, long expectedVersion, long epoch) {
    return coupons.stage(key, before, after, expectedVersion, epoch);
  }

  @Override
  public Future<List<CouponState>> all() {
    return Future.succeededFuture(coupons.all().stream().sorted(Comparator.comparing(CouponState::code)).toList());
  }
}
