package dev.tender.cart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tender.catalog.Catalog;
import dev.tender.cluster.Kind;
import dev.tender.cluster.KindCodecs;
import dev.tender.cluster.Request;
import dev.tender.cluster.Response;
import dev.tender.cluster.WireCodec;
import dev.tender.promo.Coupon;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every cart command and reply survives the wire unchanged, alone and inside the runtime's envelopes. */
class CartWireTest {
  private static final Catalog CATALOG = Fixtures.CATALOG;
  private static final Kind<CartCommand, CartReply> KIND = CartKind.declare(CATALOG);
  private static final UserId OWNER = new UserId("wire-owner");
  private static final CartId CART = new CartId("01JCART");
  static List<CartCommand> commands() {
    FulfillmentPreference pickup = new FulfillmentPreference("collect-in-store", "user", "{\"pickup_location_id\":\"s1\"}");
    return List.of(
        new CartCommand.CreateOrUpdate(OWNER, List.of(new CartLine("p03", null, 2), new CartLine("p01", "p01-m", 1)),
            Map.of("gift", "yes", "note", "ünïcode ✓")),
        new CartCommand.CreateOrUpdate(OWNER, List.of(new CartLine("p03", null, 1)), null),
        new CartCommand.Get(OWNER, CART),
        new CartCommand.Get(OWNER, null),
        new CartCommand.Clear(OWNER, CART),
        new CartCommand.SetQuantity(OWNER, CART, new CartLine("p06", null, 0)),
        new CartCommand.SetAddresses(OWNER, CART, Fixtures.address(), null),
        new CartCommand.SetFulfillment(OWNER, CART, pickup),
        new CartCommand.GetWishlist(OWNER),
        new CartCommand.AddToWishlist(OWNER, new WishlistEntry("p01", "p01-s")),
        new CartCommand.RemoveFromWishlist(OWNER, new WishlistEntry("p02", null)),
        new CartCommand.ChangeTenders(OWNER, CART, new CartCommand.TenderChange.LoyaltyPoints(250)),
        new CartCommand.ChangeTenders(OWNER, CART, new CartCommand.TenderChange.Credit(12_345)),
        new CartCommand.ChangeTenders(OWNER, null, new CartCommand.TenderChange.AddGiftCard(new Tenders.GiftCard("4000123412341234", null, 900))),
        new CartCommand.ChangeTenders(OWNER, CART, new CartCommand.TenderChange.AddGiftCard(new Tenders.GiftCard("4000123412341234", 500L, 900))),
        new CartCommand.ChangeTenders(OWNER, CART, new CartCommand.TenderChange.RemoveGiftCard("4000123412341234")),
        mergeIn(),
        new CartCommand.MergeIn(OWNER, List.of(), null, null, null, Instant.EPOCH, List.of(new WishlistEntry("p02", null))));
  }

  static CartCommand.MergeIn mergeIn() {
    Instant at = Instant.parse("2026-11-23T07:59:00.987654321Z");
    Coupon coupon = new Coupon("ANON10", "10% off ✓", Coupon.DiscountType.PERCENTAGE, 1_000, 0, 20_000L, 50_000L, at, at.plusSeconds(86_400),
        100, 1, Coupon.AppliesTo.CATEGORY, List.of(), List.of("home", "apparel"), Set.of("u-1"));
    Address other = new Address("a9", "Ravi", null, "+91", "9123456789", null, "4 Park Street", "Flat 2", "Opp. mall", "700016",
        "Kolkata", "West Bengal", "India", "19ABCDE1234F1Z5", "Kumar & Co", "Office");
    return new CartCommand.MergeIn(OWNER, List.of(new CartLine("p03", null, 2), new CartLine("p01", "p01-m", 1)), Fixtures.address(),
        other, coupon, at, List.of(new WishlistEntry("p01", "p01-s"), new WishlistEntry("p02", null)));
  }

  static List<CartReply> replies() {
    CartPricing pricing = new CartPricing(CATALOG, ShippingPolicy.DEMO);
    Instant now = Instant.parse("2026-11-23T08:00:00.123456789Z");
    Cart bare = Cart.open(CART, OWNER, now, now.plusSeconds(60));
    Cart full = bare.withQuantity("p03", null, 2).withQuantity("p01", "p01-m", 1).withQuantity("p22", null, 1)
        .withAddresses(Fixtures.address(), Fixtures.address()).withFulfillment(FulfillmentPreference.autoDelivery())
        .withMetadata(Map.of("k", "v"))
        .withTenders(new Tenders(10, 5_000, List.of(new Tenders.GiftCard("4000123412341234", null, 100_000),
            new Tenders.GiftCard("4000999988887777", 20_000L, 30_000))));
    return List.of(
        new CartReply.CartView(pricing.price(bare)),
        new CartReply.CartView(pricing.price(full)),
        new CartReply.CartView(pricing.price(full.withQuantity("p03", null, 7).withQuantity("p01", "p01-s", 2).withQuantity("p01", "p01-m", 2), List.of(
            dev.tender.promo.Promotion.buyXGetY("B2G1", "buy 2 get 1", "p03", null, 2, 1, now, null),
            dev.tender.promo.Promotion.buyXGetY("TEES", "tees ✓", "p01", null, 1, 1, now, null),
            dev.tender.promo.Promotion.percentOffAbove("TEN", "10 %", 1_050, 0, 20_000L, now, null)))),
        new CartReply.Cleared(CART),
        new CartReply.WishlistView(List.of(CATALOG.lookup("p01", "p01-s").item(), CATALOG.lookup("p02", null).item())),
        new CartReply.Rejected(CartReply.Reason.OUT_OF_STOCK, "SKU-1"),
        new CartReply.Rejected(CartReply.Reason.CART_NOT_FOUND, null));
  }

  @Test
  void every_command_round_trips() {
    WireCodec<CartCommand> codec = KIND.commands();
    for (CartCommand c : commands()) {
      assertThat(codec.fromBytes(codec.toBytes(c))).isEqualTo(c);
    }
  }

  @Test
  void merge_in_round_trips_with_its_lines_addresses_coupon_and_wishlist() {
    WireCodec<CartCommand> codec = KIND.commands();
    CartCommand.MergeIn m = mergeIn();
    CartCommand back = codec.fromBytes(codec.toBytes(m));
    assertThat(back).isEqualTo(m);
    assertThat(((CartCommand.MergeIn) back).fromUpdatedAt()).isEqualTo(m.fromUpdatedAt());
    assertThat(KIND.mutates().test(m)).isTrue();
  }

  @Test
  void every_reply_round_trips_with_its_prices_and_is_not_priced_again() {
    WireCodec<CartReply> codec = KIND.replies();
    for (CartReply r : replies()) {
      assertThat(codec.fromBytes(codec.toBytes(r))).isEqualTo(r);
    }
    // A view whose prices differ from what the catalog would give comes back as sent: the wire carries prices.
    CartReply.CartView priced = (CartReply.CartView) replies().get(1);
    PricedCartAltered altered = new PricedCartAltered(priced.cart());
    assertThat(((CartReply.CartView) codec.fromBytes(codec.toBytes(new CartReply.CartView(altered.value)))).cart().grandTotal())
        .isEqualTo(priced.cart().grandTotal() + 1);
  }

  @Test
  void a_priced_cart_written_before_promotions_existed_reads_as_having_none() {
    WireCodec<CartReply> codec = KIND.replies();
    CartReply.CartView view = (CartReply.CartView) replies().get(1);
    assertThat(view.cart().appliedPromotions()).isEmpty();
    byte[] now = codec.toBytes(view);
    byte[] before = java.util.Arrays.copyOf(now, now.length - 4); // without the tail: the count of applied promotions
    assertThat(codec.fromBytes(before)).isEqualTo(view);
    CartReply.CartView promoted = (CartReply.CartView) replies().get(2);
    assertThat(promoted.cart().appliedPromotions()).hasSize(4);
    assertThat(promoted.cart().promotionDiscountAmount()).isPositive();
  }

  @Test
  void requests_and_responses_round_trip_through_the_event_bus_codecs() {
    MessageCodec<Request<CartCommand>, Request<CartCommand>> requests = KindCodecs.requests(KIND);
    for (CartCommand c : commands()) {
      Request<CartCommand> r = new Request<>(c, "user-1", "key-1", new byte[] {1, 2, 3}, true);
      Buffer wire = Buffer.buffer();
      requests.encodeToWire(wire, r);
      Request<CartCommand> back = requests.decodeFromWire(0, wire);
      assertThat(back.command()).isEqualTo(c);
      assertThat(back.scope()).isEqualTo("user-1");
      assertThat(back.key()).isEqualTo("key-1");
      assertThat(back.fingerprint()).containsExactly(1, 2, 3);
      assertThat(back.mayRepeat()).isTrue();
    }
    Request<CartCommand> read = Request.read(commands().get(2));
    Buffer wire = Buffer.buffer();
    requests.encodeToWire(wire, read);
    assertThat(requests.decodeFromWire(0, wire).mutating()).isFalse();

    MessageCodec<Response<CartReply>, Response<CartReply>> responses = KindCodecs.responses(KIND);
    for (CartReply r : replies()) {
      for (Response<CartReply> response : List.<Response<CartReply>>of(new Response.Done<>(r, false), new Response.Done<>(r, true))) {
        Buffer out = Buffer.buffer();
        responses.encodeToWire(out, response);
        assertThat(responses.decodeFromWire(0, out)).isEqualTo(response);
      }
    }
    Buffer out = Buffer.buffer();
    responses.encodeToWire(out, new Response.KeyReused<>());
    assertThat(responses.decodeFromWire(0, out)).isInstanceOf(Response.KeyReused.class);
  }

  /** A priced cart with its grand total off by one minor unit, as no pricing would compute it. */
  private static final class PricedCartAltered {
    final PricedCart value;

    PricedCartAltered(PricedCart p) {
      value = new PricedCart(p.cart(), p.lines(), p.subtotal(), p.itemsTaxAmount(), p.promotionDiscountAmount(),
          p.couponDiscountAmount(), p.shippingEstimatedCost(), p.shippingDiscountAmount(), p.shippingAmount(),
          p.shippingTaxRateBps(), p.shippingTaxAmount(), p.handlingChargeExcludingTax(), p.handlingChargeTaxAmount(),
          p.grandTotal() + 1, p.loyaltyValue(), p.creditBalanceUsed(), p.loyaltyPointsRedeemed(), p.loyaltyPointsEarned(),
          p.estimatedDeliveryDays(), p.freeShippingThreshold(), p.statusErrorMessage(), p.giftCardAmount(), p.giftCards());
    }
  }
}
