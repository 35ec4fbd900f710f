package dev.tender.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tender.cart.Cart;
import dev.tender.cart.CartId;
import dev.tender.cart.CartKind;
import dev.tender.cart.CartLine;
import dev.tender.cart.CartPricing;
import dev.tender.cart.Fixtures;
import dev.tender.cart.PricedCart;
import dev.tender.cart.ShippingPolicy;
import dev.tender.cart.Tenders;
import dev.tender.cart.UserId;
import dev.tender.cluster.DecisionContext;
import dev.tender.order.Order;
import dev.tender.order.OrderBehaviour;
import dev.tender.order.OrderCommand;
import dev.tender.promo.Coupon;
import dev.tender.promo.Promotion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** An order's frozen fields are its cart's rendering, less what only a cart has, under the Order shape's names. */
class OrderJsonTest {
  /** Cart fields an order does not have (it has its own status, dates and number). */
  private static final Set<String> CART_ONLY = Set.of("id", "active", "expires_at", "status", "status_error_message",
      "free_shipping_threshold", "shipments", "created_at", "modified_at", "cart_items", "cart_items_count", "items_tax_amount");
  private static final Set<String> CART_ITEM_ONLY = Set.of("stock_available", "min_order_quantity", "max_order_quantity",
      "incremental_quantity", "subscriptions");

  private static PricedCart richCart() {
    Coupon save = new Coupon("SAVE10", "ten off", Coupon.DiscountType.PERCENTAGE, 1_000, 0, null, null, null, null, null, null,
        Coupon.AppliesTo.ALL, List.of(), List.of(), Set.of());
    Cart cart = new Cart(new CartId("c1"), new UserId("u1"),
        List.of(new CartLine("p01", "p01-m", 2), new CartLine("p03", null, 3), new CartLine("p12", "p12-double", 1)),
        null, null, null, Map.of("gift", "yes"), Fixtures.NOW, Fixtures.NOW, Fixtures.NOW.plus(Fixtures.TTL))
        .withAddresses(Fixtures.address(), Fixtures.address())
        .withTenders(Tenders.NONE.withCoupon(save).withLoyaltyPoints(50).withCredit(10_000)
            .withGiftCard(new Tenders.GiftCard("9000000000000001", 20_000L, 50_000)));
    List<Promotion> promotions = List.of(
        Promotion.percentOffAbove("BIG", "5% above 1000", 500, 100_000, null, null, null),
        Promotion.buyXGetY("B2G1", "buy two get one", "p03", null, 2, 1, null, null));
    return new CartPricing(Fixtures.CATALOG, ShippingPolicy.DEMO).price(cart, promotions);
  }

  /** What an order froze before it was written directly: the cart's JSON, parsed, trimmed and renamed. */
  private static JsonObject fromTheCartsJson(PricedCart p) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JsonGenerator g = new JsonFactory().createGenerator(bytes)) {
      g.writeStartObject();
      CartJson.cart(p, Fixtures.CATALOG.currency()).write(g);
      g.writeEndObject();
    }
    JsonObject cart = new JsonObject(io.vertx.core.buffer.Buffer.buffer(bytes.toByteArray())).getJsonObject("cart");
    JsonObject order = new JsonObject();
    cart.forEach(e -> {
      if (!CART_ONLY.contains(e.getKey())) {
        order.put(e.getKey(), e.getValue());
      }
    });
    order.put("item_total_tax", cart.getValue("items_tax_amount"));
    JsonArray items = new JsonArray();
    for (Object o : cart.getJsonArray("cart_items")) {
      JsonObject item = ((JsonObject) o).copy();
      CART_ITEM_ONLY.forEach(item::remove);
      items.add(item);
    }
    order.put("order_items", items);
    order.put("order_items_count", items.size());
    order.put("on_subscription", false);
    return order;
  }

  @Test
  void the_snapshot_holds_the_carts_fields_under_the_order_shapes_names() throws Exception {
    PricedCart p = richCart();
    assertThat(p.couponDiscountAmount()).isPositive();
    assertThat(p.appliedPromotions()).hasSize(2);
    assertThat(p.giftCards()).hasSize(1);
    JsonObject snapshot = new JsonObject(OrderJson.snapshot(p, Fixtures.CATALOG.currency()));
    assertThat(snapshot).isEqualTo(fromTheCartsJson(p));
    assertThat(snapshot.getJsonArray("order_items")).hasSize(3);
    assertThat(snapshot.getJsonArray("order_items").getJsonObject(0).getJsonObject("associated_options")).isNotNull();
    assertThat(snapshot.fieldNames()).doesNotContainAnyElementsOf(CART_ONLY);
  }

  @Test
  void the_detail_spliced_from_the_snapshot_is_the_detail_built_as_a_tree() {
    PricedCart p = richCart();
    OrderBehaviour rules = new OrderBehaviour(CartKind.declare(Fixtures.CATALOG), Duration.ofSeconds(60), Duration.ofHours(2),
        Duration.ofMinutes(15));
    String number = "ORD-ABCDEFGH12";
    OrderCommand.Placement placement = new OrderCommand.Placement("u1", "c1", Fixtures.NOW, p.grandTotal(), p.toBePaid(),
        p.loyaltyPointsEarned(), "SAVE10", new Order.Payer("Asha", "Rao", "asha@example.com", "9876543210"), List.of(),
        OrderJson.snapshot(p, Fixtures.CATALOG.currency()));
    Order begun = rules.decide(Order.none(number), new OrderCommand.Begin(number, placement), DecisionContext.of(Fixtures.NOW, "r")).next();
    Order placed = rules.decide(begun, new OrderCommand.Place(number), DecisionContext.of(Fixtures.NOW, "r")).next();
    for (Order o : List.of(begun, placed)) {
      JsonObject spliced = new JsonObject(OrderJson.detailJson(o));
      assertThat(spliced).isEqualTo(OrderJson.detail(o));
      assertThat(spliced.getString("order_number")).isEqualTo(number);
      assertThat(spliced.getJsonArray("order_items")).hasSize(3);
    }
  }
}
