package dev.tender.http;

import dev.tender.cart.CartCommand;
import dev.tender.cart.CartPricing;
import dev.tender.cart.CartReply;
import dev.tender.cart.PricedCart;
import dev.tender.cluster.PartitionRouter;
import dev.tender.cluster.Response;
import dev.tender.promo.Coupon;
import dev.tender.promo.CouponStore;
import dev.tender.promo.CouponSummary;
import dev.tender.promo.PromoBehaviour;
import dev.tender.promo.PromoCommand;
import dev.tender.promo.PromoKind;
import dev.tender.promo.PromoReply;
import dev.tender.promo.Promotions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;

/**
 * Coupons on the storefront: apply and remove one on a cart, list the coupons a shopper may use, and
 * evaluate them against a cart. Applying checks the coupon with its owner (enabled, in its dates, the
 * shopper's, uses left) and the cart checks its minimum and eligible items; a use is reserved only
 * when an order is placed. The automatic promotions' routes are {@link PromotionRoutes}, mounted here
 * (before the cart routes); a coupon is evaluated on the cart as priced with them.
 */
final class CouponRoutes {
  static final int CODE_MAX_CHARS = 64;

  private final CartRoutes carts;
  private final PartitionRouter<CartCommand, CartReply> cartRouter;
  private final PartitionRouter<PromoCommand, PromoReply> promos;
  private final CouponStore store;
  private final PromotionRoutes promotionRoutes;
  private final CartPricing pricing;
  private final Promotions promotions;
  private final Clock clock;

  CouponRoutes(CartRoutes carts, PartitionRouter<CartCommand, CartReply> cartRouter, PartitionRouter<PromoCommand, PromoReply> promos,
               CouponStore store, CartPricing pricing, Promotions promotions, Clock clock) {
    this.carts = carts;
    this.cartRouter = cartRouter;
    this.promos = promos;
    this.store = store;
    this.pricing = pricing;
    this.promotions = promotions;
    this.clock = clock;
    this.promotionRoutes = new PromotionRoutes(cartRouter, pricing, promotions, clock);
  }

  /** The listings; mount before the cart routes: {@code /carts/available-coupons} must not be read as a cart id. */
  void mountListings(Router r, String base, Handler<RoutingContext> bearer) {
    r.get(base + "/carts/available-coupons").handler(bearer).handler(this::available);
    promotionRoutes.mountListings(r, base, bearer);
  }

  /** A cart's coupon and evaluations; after the cart routes, so the hot ones are tried first. */
  void mount(Router r, String base, Handler<RoutingContext> bearer) {
    promotionRoutes.mount(r, base, bearer);
    r.post(base + "/carts/:id/coupon").handler(bearer).handler(this::apply);
    r.delete(base + "/carts/:id/coupon").handler(bearer).handler(ctx -> carts.answer(ctx,
        new CartCommand.ChangeTenders(CartRoutes.caller(ctx), CartRoutes.cartId(ctx), new CartCommand.TenderChange.RemoveCoupon()),
        "coupon removed"));
    r.get(base + "/carts/:id/evaluate-coupons").handler(bearer).handler(this::evaluate);
  }

  /** A code as entered, upper-cased; anything that cannot be a code is an invalid coupon. */
  static String code(String raw) {
    String code = raw == null ? "" : PromoKind.normalise(raw);
    if (code.isEmpty() || code.length() > CODE_MAX_CHARS || !code.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '-' || c == '_')) {
      throw new ApiError(400, "INVALID_COUPON", "invalid coupon code");
    }
    return code;
  }

  private void apply(RoutingContext ctx) {
    String code = code(Bodies.requiredString(Bodies.object(ctx), "coupon_code"));
    String customer = CartRoutes.caller(ctx).value();
    promos.read(new PromoCommand.Check(code, customer)).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      switch (((Response.Done<PromoReply>) ar.result()).reply()) {
        case PromoReply.CouponView v -> carts.answer(ctx, new CartCommand.ChangeTenders(CartRoutes.caller(ctx), CartRoutes.cartId(ctx),
            new CartCommand.TenderChange.ApplyCoupon(v.coupon())), "coupon applied");
        case PromoReply.Rejected x -> ctx.fail(new ApiError(400, "INVALID_COUPON", x.detail()));
      }
    });
  }

  private void available(RoutingContext ctx) {
    String customer = CartRoutes.caller(ctx).value();
    Instant now = clock.instant();
    store.summaries(customer).onSuccess(all -> {
      JsonArray coupons = new JsonArray();
      for (CouponSummary s : all) {
        if (PromoBehaviour.unusable(s, customer, now) == null) {
          coupons.add(CouponJson.coupon(view(s)));
        }
      }
      Envelope.ok(ctx, "coupons", new JsonObject().put("coupons", coupons));
    }).onFailure(ctx::fail);
  }

  private void evaluate(RoutingContext ctx) {
    String customer = CartRoutes.caller(ctx).value();
    Instant now = clock.instant();
    Future<Response<CartReply>> cart = cartRouter.read(new CartCommand.Get(CartRoutes.caller(ctx), CartRoutes.cartId(ctx)));
    Future<java.util.List<CouponSummary>> coupons = store.summaries(customer);
    Future.all(cart, coupons).onSuccess(all -> {
      CartReply reply = ((Response.Done<CartReply>) cart.result()).reply();
      if (!(reply instanceof CartReply.CartView view)) {
        ctx.fail(Problems.of((CartReply.Rejected) reply));
        return;
      }
      JsonArray applicable = new JsonArray();
      JsonArray inapplicable = new JsonArray();
      java.util.List<dev.tender.promo.Promotion> active = promotions.activeAt(now);
      PricedCart current = pricing.price(view.cart().cart(), active);
      for (CouponSummary s : coupons.result()) {
        if (s.disabled() || !s.exists() || !s.coupon().activeAt(now) || !s.coupon().usableBy(customer)) {
          continue; // not offered to this shopper at all
        }
        Coupon c = s.coupon();
        String why = PromoBehaviour.unusable(s, customer, now);
        PricedCart with = pricing.price(view.cart().cart().withTenders(view.cart().cart().tenders().withCoupon(c)), active);
        long saving = c.discountType() == Coupon.DiscountType.FREE_SHIPPING
            ? (with.shippingDiscountAmount() == null ? 0 : with.shippingDiscountAmount() - nullToZero(current.shippingDiscountAmount()))
            : with.couponDiscountAmount();
        if (why == null && c.minimumOrderTotal() != null && view.cart().subtotal() < c.minimumOrderTotal()) {
          why = "the cart is below the minimum order total";
        }
        if (why == null && c.discountType() != Coupon.DiscountType.FREE_SHIPPING && saving == 0) {
          why = "no item in the cart is eligible";
        }
        JsonObject entry = new JsonObject().put("id", c.code()).put("name", c.name())
            .put("coupon_type", c.couponType())
            .put("coupon_code", new JsonArray().add(c.code()));
        if (why == null) {
          applicable.add(entry.put("estimated_discount", dev.tender.money.Money.toDecimal(saving))
              .put("savings_message", "you save " + dev.tender.money.Money.format(saving)));
        } else {
          inapplicable.add(entry.put("reason", why).putNull("suggestion"));
        }
      }
      Envelope.ok(ctx, "coupons evaluated", new JsonObject().put("applicable_coupons", applicable)
          .put("inapplicable_coupons", inapplicable));
    }).onFailure(ctx::fail);
  }

  private static long nullToZero(Long v) {
    return v == null ? 0 : v;
  }

  private static PromoReply.CouponView view(CouponSummary s) {
    return s.view();
  }
}
