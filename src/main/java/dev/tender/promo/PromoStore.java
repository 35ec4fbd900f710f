package dev.tender.promo;

import dev.tender.cluster.AggregateStore;
import io.vertx.core.Future;
import java.util.List;

/** Where coupons live; besides the runtime's load and stage, the list of every coupon (few, read by operators and carts). */
public interface PromoStore extends AggregateStore<CouponState> {
  Future<List<CouponState>> all();
}
