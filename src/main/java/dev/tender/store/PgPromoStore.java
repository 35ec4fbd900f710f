package dev.tender.store;

import dev.tender.promo.CouponState;
import dev.tender.promo.PromoStore;
import dev.tender.promo.PromoWire;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;

/** Coupons in PostgreSQL, as versioned documents of kind {@code promo}. */
public final class PgPromoStore implements PromoStore {
  private static final String ALL = "SELECT body FROM documents WHERE kind = 'promo' ORDER BY key";

  private final Pool pool;
  private final PgDocumentStore<CouponState> coupons;

  public PgPromoStore(Pool pool) {
    this.pool = pool;
    this.coupons = new PgDocumentStore<>(pool, "promo", PromoWire.STATES, CouponState::none);
  }

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
    return pool.query(ALL).execute().map(rows -> {
      List<CouponState> all = new ArrayList<>(rows.size());
      for (Row r : rows) {
        all.add(PromoWire.STATES.fromBytes(r.getBuffer(0).getBytes()));
      }
      return all;
    });
  }
}
