package dev.tender.promo;

import dev.tender.cluster.PartitionRouter;
import dev.tender.cluster.Request;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo store's coupon: {@code SAVE10}, 10 % off every product, no minimum, unlimited, for
 * anonymous shoppers too. Created when a node with {@code demo_coupons} starts (every node of a
 * cluster tries; the one idempotency key makes that one creation), retried until its partition has
 * an owner.
 */
public final class DemoCoupons {
  private static final Logger LOG = LoggerFactory.getLogger(DemoCoupons.class);
  public static final Coupon SAVE10 = new Coupon("SAVE10", "10% off everything", Coupon.DiscountType.PERCENTAGE, 1_000, 0, null, null,
      null, null, null, null, Coupon.AppliesTo.ALL, List.of(), List.of(), Set.of());
  private static final long RETRY_MS = 1_000;
  private static final int ATTEMPTS = 60;

  private DemoCoupons() {}

  /** @param running false once the node stops: no more attempts */
  public static void seed(Vertx vertx, PartitionRouter<PromoCommand, PromoReply> promos, BooleanSupplier running) {
    attempt(vertx, promos, running, ATTEMPTS);
  }

  private static void attempt(Vertx vertx, PartitionRouter<PromoCommand, PromoReply> promos, BooleanSupplier running, int left) {
    if (!running.getAsBoolean()) {
      return;
    }
    Request<PromoCommand> create = new Request<>(new PromoCommand.Create(SAVE10.code(), SAVE10), "system", "demo-coupon-SAVE10",
        "SAVE10".getBytes(StandardCharsets.UTF_8), true);
    promos.send(create).onFailure(e -> {
      if (left > 1) {
        vertx.setTimer(RETRY_MS, id -> attempt(vertx, promos, running, left - 1));
      } else {
        LOG.warn("the demo coupon SAVE10 could not be created: {}", e.getMessage());
      }
    });
  }
}
