package dev.tender.http;

import dev.tender.cart.CartCommand;
import dev.tender.cart.CartPricing;
import dev.tender.cart.CartReply;
import dev.tender.cart.PricedCart;
import dev.tender.cluster.PartitionRouter;
import dev.tender.cluster.Response;
import dev.tender.money.Money;
import dev.tender.promo.Promotion;
import dev.tender.promo.Promotions;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Automatic promotions on the storefront: the active ones, and how each fares against a cart. They
 * apply by themselves (see {@link CartPricing}); these routes only explain. Both read this node's
 * {@link Promotions} snapshot and price the cart here with it, so one answer is consistent in itself.
 */
final class PromotionRoutes {
  private final PartitionRouter<CartCommand, CartReply> carts;
  private final CartPricing pricing;
  private final Promotions promotions;
  private final Clock clock;

  PromotionRoutes(PartitionRouter<CartCommand, CartReply> carts, CartPricing pricing, Promotions promotions, Clock clock) {
    this.carts = carts;
    this.pricing = pricing;
    this.promotions = promotions;
    this.clock = clock;
  }

  /** Mount before the cart routes: {@code /carts/available-promotions} must not be read as a cart id. */
  void mountListings(Router r, String base, Handler<RoutingContext> bearer) {
    r.get(base + "/carts/available-promotions").handler(bearer).handler(ctx -> {
      JsonArray list = new JsonArray();
      promotions.activeAt(clock.instant()).forEach(p -> list.add(PromotionJson.promotion(p)));
      Envelope.ok(ctx, "promotions", new JsonObject().put("promotions", list));
    });
  }

  void mount(Router r, String base, Handler<RoutingContext> bearer) {
    r.get(base + "/carts/:id/evaluate-promotions").handler(bearer).handler(this::evaluate);
  }

  private void evaluate(RoutingContext ctx) {
    carts.read(new CartCommand.Get(CartRoutes.caller(ctx), CartRoutes.cartId(ctx))).onSuccess(r -> {
      CartReply reply = ((Response.Done<CartReply>) r).reply();
      if (!(reply instanceof CartReply.CartView view)) {
        ctx.fail(Problems.of((CartReply.Rejected) reply));
        return;
      }
      List<Promotion> active = promotions.activeAt(clock.instant());
      PricedCart priced = pricing.price(view.cart().cart(), active);
      Map<String, Long> savings = new HashMap<>();
      long freeGoods = 0;
      for (PricedCart.AppliedPromotion a : priced.appliedPromotions()) {
        savings.merge(a.promotionId(), a.savings(), Long::sum);
        if (a.type() == Promotion.Type.BUY_X_GET_Y) {
          freeGoods += a.savings();
        }
      }
      JsonArray applicable = new JsonArray();
      JsonArray inapplicable = new JsonArray();
      for (Promotion p : active) {
        JsonObject entry = new JsonObject().put("id", p.id()).put("name", p.name()).put("promotion_type", p.type().storefront);
        long saving = savings.getOrDefault(p.id(), 0L);
        if (saving > 0) {
          applicable.add(entry.put("estimated_discount", Money.toDecimal(saving)).put("savings_message", "you save ₹" + Money.format(saving)));
        } else {
          String[] why = whyNot(p, priced, priced.subtotal() - freeGoods);
          inapplicable.add(entry.put("reason", why[0]).put("suggestion", why[1]));
        }
      }
      Envelope.ok(ctx, "promotions evaluated", new JsonObject().put("applicable_promotions", applicable)
          .put("inapplicable_promotions", inapplicable));
    }).onFailure(ctx::fail);
  }

  /** Why an active promotion takes nothing off this cart, and what would change that (or null). */
  private static String[] whyNot(Promotion p, PricedCart priced, long afterFreeGoods) {
    if (priced.lines().isEmpty()) {
      return new String[] {"the cart is empty", null};
    }
    if (p.type() == Promotion.Type.PERCENT_OFF_ABOVE) {
      if (afterFreeGoods < p.minimumSubtotal()) {
        return new String[] {"the cart is below the promotion's minimum order total of ₹" + Money.format(p.minimumSubtotal()),
            "add ₹" + Money.format(p.minimumSubtotal() - afterFreeGoods) + " more to get " + Money.bpsToPercent(p.percentBps()) + "% off"};
      }
      return new String[] {"another promotion saves more on this cart (percent-off promotions do not stack)", null};
    }
    int group = p.buyQuantity() + p.getQuantity();
    boolean inCart = priced.lines().stream().anyMatch(l -> p.covers(l.item().product().id(), l.item().variantId()));
    if (!inCart) {
      return new String[] {"no item of this promotion's product is in the cart",
          "add " + group + " of product " + p.productId() + (p.variantId() == null ? "" : " (" + p.variantId() + ")") + " to get "
              + p.getQuantity() + " free"};
    }
    return new String[] {"buy " + p.buyQuantity() + " to get " + p.getQuantity() + " free: a line needs " + group + " units",
        "add units up to " + group + " of one item"};
  }
}
