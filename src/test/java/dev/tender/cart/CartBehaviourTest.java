package dev.tender.cart;

import static dev.tender.cart.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tender.cart.CartReply.CartView;
import dev.tender.cart.CartReply.Reason;
import dev.tender.cart.CartReply.Rejected;
import dev.tender.cluster.Decision;
import dev.tender.promo.Coupon;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CartBehaviourTest {
  private static final UserId OWNER = new UserId("owner-1");
  private final CartBehaviour behaviour = Fixtures.behaviour();

  private Shopper withCart(CartLine... lines) {
    Decision<Shopper, CartReply> o = behaviour.decide(Shopper.empty(OWNER),
        new CartCommand.CreateOrUpdate(OWNER, List.of(lines), null), Fixtures.at(NOW));
    return o.next();
  }

  private static Rejected rejected(Decision<Shopper, CartReply> o) {
    assertThat(o.next()).as("a rejection changes nothing").isNull();
    return (Rejected) o.reply();
  }

  @Test
  void create_opens_one_cart_and_a_second_create_updates_it() {
    Shopper s = withCart(new CartLine("p03", null, 2));
    CartId id = s.cart().id();
    Decision<Shopper, CartReply> again = behaviour.decide(s,
        new CartCommand.CreateOrUpdate(OWNER, List.of(new CartLine("p03", null, 5), new CartLine("p06", null, 1)), null), Fixtures.at(NOW));
    assertThat(again.next().cart().id()).isEqualTo(id);
    assertThat(again.next().cart().lines()).containsExactly(new CartLine("p03", null, 5), new CartLine("p06", null, 1));
  }

  @Test
  void quantity_is_absolute_and_zero_removes_the_line() {
    Shopper s = withCart(new CartLine("p03", null, 2), new CartLine("p06", null, 1));
    CartId id = s.cart().id();
    Shopper set = behaviour.decide(s, new CartCommand.SetQuantity(OWNER, id, new CartLine("p03", null, 4)), Fixtures.at(NOW)).next();
    assertThat(set.cart().lines()).containsExactly(new CartLine("p03", null, 4), new CartLine("p06", null, 1));
    Shopper removed = behaviour.decide(set, new CartCommand.SetQuantity(OWNER, id, new CartLine("p03", null, 0)), Fixtures.at(NOW)).next();
    assertThat(removed.cart().lines()).containsExactly(new CartLine("p06", null, 1));
  }

  @Test
  void rejects_bad_lines_without_changing_anything() {
    Shopper s = withCart(new CartLine("p03", null, 2));
    CartId id = s.cart().id();
    record Case(CartLine line, Reason reason) {}
    List<Case> cases = List.of(
        new Case(new CartLine("nope", null, 1), Reason.UNKNOWN_PRODUCT),
        new Case(new CartLine("p01", null, 1), Reason.VARIANT_REQUIRED),
        new Case(new CartLine("p01", "p01-xxl", 1), Reason.UNKNOWN_VARIANT),
        new Case(new CartLine("p03", "p03-x", 1), Reason.UNKNOWN_VARIANT),
        new Case(new CartLine("p11", null, 1), Reason.OUT_OF_STOCK),
        new Case(new CartLine("p01", "p01-l", 1), Reason.OUT_OF_STOCK),
        new Case(new CartLine("p03", null, 11), Reason.QUANTITY_ABOVE_MAXIMUM),
        new Case(new CartLine("p16", null, 1), Reason.QUANTITY_BELOW_MINIMUM),
        new Case(new CartLine("p16", null, 3), Reason.QUANTITY_NOT_IN_STEPS),
        new Case(new CartLine("p03", null, -1), Reason.INVALID_QUANTITY));
    for (Case c : cases) {
      Decision<Shopper, CartReply> o = behaviour.decide(s, new CartCommand.SetQuantity(OWNER, id, c.line()), Fixtures.at(NOW));
      assertThat(rejected(o).reason()).as(c.line().toString()).isEqualTo(c.reason());
    }
  }

  @Test
  void another_cart_id_is_not_found() {
    Shopper s = withCart(new CartLine("p03", null, 2));
    Decision<Shopper, CartReply> o = behaviour.decide(s, new CartCommand.Get(OWNER, new CartId("someone-elses")), Fixtures.at(NOW));
    assertThat(((Rejected) o.reply()).reason()).isEqualTo(Reason.CART_NOT_FOUND);
  }

  @Test
  void an_expired_cart_reads_as_expired_and_create_starts_a_new_one() {
    Shopper s = withCart(new CartLine("p03", null, 2));
    CartId old = s.cart().id();
    var later = NOW.plus(Fixtures.TTL).plusSeconds(1);
    assertThat(((Rejected) behaviour.decide(s, new CartCommand.Get(OWNER, old), Fixtures.at(later)).reply()).reason()).isEqualTo(Reason.CART_EXPIRED);
    assertThat(rejected(behaviour.decide(s, new CartCommand.SetQuantity(OWNER, old, new CartLine("p06", null, 1)), Fixtures.at(later))).reason())
        .isEqualTo(Reason.CART_EXPIRED);
    Shopper fresh = behaviour.decide(s, new CartCommand.CreateOrUpdate(OWNER, List.of(new CartLine("p06", null, 1)), null), Fixtures.at(later)).next();
    assertThat(fresh.cart().id()).isNotEqualTo(old);
    assertThat(fresh.cart().lines()).containsExactly(new CartLine("p06", null, 1));
  }

  @Test
  void a_new_cart_sets_its_expiry_timer_once_and_later_changes_do_not_rewrite_it() {
    Decision<Shopper, CartReply> created = behaviour.decide(Shopper.empty(OWNER),
        new CartCommand.CreateOrUpdate(OWNER, List.of(new CartLine("p03", null, 2)), null), Fixtures.at(NOW));
    assertThat(created.timers()).containsExactly(new Decision.TimerOp(CartBehaviour.EXPIRY_TIMER, NOW.plus(Fixtures.TTL)));
    Shopper s = created.next();
    assertThat(s.expiryCheckAt()).isEqualTo(NOW.plus(Fixtures.TTL));
    Decision<Shopper, CartReply> changed = behaviour.decide(s,
        new CartCommand.SetQuantity(OWNER, s.cart().id(), new CartLine("p06", null, 1)), Fixtures.at(NOW.plusSeconds(60)));
    assertThat(changed.timers()).isEmpty();
    assertThat(changed.next().cart().expiresAt()).isEqualTo(NOW.plusSeconds(60).plus(Fixtures.TTL));
  }

  @Test
  void the_expiry_timer_empties_an_expired_cart_and_is_set_again_for_one_that_was_touched() {
    Shopper s = withCart(new CartLine("p03", null, 2));
    Shopper touched = behaviour.decide(s, new CartCommand.SetQuantity(OWNER, s.cart().id(), new CartLine("p03", null, 3)),
        Fixtures.at(NOW.plusSeconds(3600))).next();
    // Fires at the first expiry: the cart was touched since, so the timer moves to its new expiry.
    Decision<Shopper, CartReply> early = behaviour.onTimer(touched, CartBehaviour.EXPIRY_TIMER, Fixtures.at(NOW.plus(Fixtures.TTL)));
    Instant newExpiry = NOW.plusSeconds(3600).plus(Fixtures.TTL);
    assertThat(early.next().cart()).isNotNull();
    assertThat(early.timers()).containsExactly(new Decision.TimerOp(CartBehaviour.EXPIRY_TIMER, newExpiry));
    assertThat(early.reply()).isNull();
    // Fires at the new expiry with nothing changed since: the cart keeps only its header, and says it expired.
    Decision<Shopper, CartReply> expired = behaviour.onTimer(early.next(), CartBehaviour.EXPIRY_TIMER, Fixtures.at(newExpiry));
    assertThat(expired.next().cart().lines()).isEmpty();
    assertThat(expired.next().cart().shippingAddress()).isNull();
    assertThat(expired.next().expiryCheckAt()).isNull();
    assertThat(expired.timers()).isEmpty();
    assertThat(((Rejected) behaviour.decide(expired.next(), new CartCommand.Get(OWNER, s.cart().id()), Fixtures.at(newExpiry)).reply())
        .reason()).isEqualTo(Reason.CART_EXPIRED);
  }

  @Test
  void setting_addresses_picks_home_delivery_and_makes_the_cart_ready() {
    Shopper s = withCart(new CartLine("p03", null, 2));
    Decision<Shopper, CartReply> o = behaviour.decide(s,
        new CartCommand.SetAddresses(OWNER, s.cart().id(), Fixtures.address(), Fixtures.address()), Fixtures.at(NOW));
    assertThat(o.next().cart().fulfillment().preferenceType()).isEqualTo("auto");
    assertThat(((CartView) o.reply()).cart().readyForPayment()).isTrue();
  }

  @Test
  void wishlist_adds_once_and_removes() {
    Shopper s = Shopper.empty(OWNER);
    WishlistEntry tee = new WishlistEntry("p01", "p01-s");
    Shopper added = behaviour.decide(s, new CartCommand.AddToWishlist(OWNER, tee), Fixtures.at(NOW)).next();
    assertThat(added.wishlist()).containsExactly(tee);
    assertThat(behaviour.decide(added, new CartCommand.AddToWishlist(OWNER, tee), Fixtures.at(NOW)).next()).isNull();
    assertThat(rejected(behaviour.decide(added, new CartCommand.AddToWishlist(OWNER, new WishlistEntry("zzz", null)), Fixtures.at(NOW))).reason())
        .isEqualTo(Reason.UNKNOWN_PRODUCT);
    Shopper removed = behaviour.decide(added, new CartCommand.RemoveFromWishlist(OWNER, tee), Fixtures.at(NOW)).next();
    assertThat(removed.wishlist()).isEmpty();
  }

  // ---- MergeIn: an anonymous cart and wishlist join the account's ---------------------------------

  private static Coupon coupon(String code) {
    return new Coupon(code, "10% off", Coupon.DiscountType.PERCENTAGE, 1_000, 0, null, null, null, null, null, null,
        Coupon.AppliesTo.ALL, List.of(), List.of(), Set.of());
  }

  private static Address address(String city) {
    return new Address(null, "Ravi", "Kumar", "+91", "9123456789", "ravi@example.com", "4 Park Street", null, null,
        "700016", city, "West Bengal", "India", null, null, null);
  }

  private static CartCommand.MergeIn merge(List<CartLine> lines, Address shipping, Coupon coupon, Instant fromUpdatedAt,
                                           List<WishlistEntry> wishlist) {
    return new CartCommand.MergeIn(OWNER, lines, shipping, shipping, coupon, fromUpdatedAt, wishlist);
  }

  /** The owner's cart with lines, an address and a coupon, last changed at {@code NOW}. */
  private Shopper ownCart() {
    Shopper s = withCart(new CartLine("p03", null, 2), new CartLine("p06", null, 1));
    s = behaviour.decide(s, new CartCommand.SetAddresses(OWNER, s.cart().id(), Fixtures.address(), Fixtures.address()),
        Fixtures.at(NOW)).next();
    s = behaviour.decide(s, new CartCommand.ChangeTenders(OWNER, s.cart().id(),
        new CartCommand.TenderChange.ApplyCoupon(coupon("OWN10"))), Fixtures.at(NOW)).next();
    assertThat(s.cart().tenders().coupon().code()).isEqualTo("OWN10");
    assertThat(s.cart().updatedAt()).isEqualTo(NOW);
    return s;
  }

  @Test
  void merge_sums_quantities_per_line_into_the_existing_cart() {
    Shopper s = ownCart();
    Instant later = NOW.plusSeconds(120);
    Decision<Shopper, CartReply> o = behaviour.decide(s,
        merge(List.of(new CartLine("p03", null, 3), new CartLine("p05", null, 1)), null, null, NOW.minusSeconds(60), List.of()),
        Fixtures.at(later));
    Cart merged = o.next().cart();
    assertThat(merged.id()).isEqualTo(s.cart().id());
    assertThat(merged.lines()).containsExactly(new CartLine("p03", null, 5), new CartLine("p06", null, 1), new CartLine("p05", null, 1));
    assertThat(merged.updatedAt()).isEqualTo(later);
    assertThat(merged.expiresAt()).isEqualTo(later.plus(Fixtures.TTL));
    assertThat(((CartView) o.reply()).cart().cart()).isEqualTo(merged);
  }

  @Test
  void merge_keeps_what_the_cart_had_when_the_sum_is_beyond_the_line_limits() {
    Shopper s = withCart(new CartLine("p03", null, 8));
    Decision<Shopper, CartReply> o = behaviour.decide(s,
        merge(List.of(new CartLine("p03", null, 5), new CartLine("p06", null, 2)), null, null, NOW, List.of()), Fixtures.at(NOW));
    assertThat(o.next().cart().lines()).containsExactly(new CartLine("p03", null, 8), new CartLine("p06", null, 2));
  }

  @Test
  void merge_creates_a_cart_when_the_owner_has_none() {
    Coupon c = coupon("ANON10");
    Decision<Shopper, CartReply> o = behaviour.decide(Shopper.empty(OWNER),
        merge(List.of(new CartLine("p03", null, 2)), address("Kolkata"), c, NOW.minusSeconds(3600), List.of()), Fixtures.at(NOW));
    Cart cart = o.next().cart();
    assertThat(cart).isNotNull();
    assertThat(cart.owner()).isEqualTo(OWNER);
    assertThat(cart.lines()).containsExactly(new CartLine("p03", null, 2));
    assertThat(cart.shippingAddress()).isEqualTo(address("Kolkata"));
    assertThat(cart.billingAddress()).isEqualTo(address("Kolkata"));
    assertThat(cart.fulfillment().preferenceType()).isEqualTo("auto");
    assertThat(cart.tenders().coupon()).isEqualTo(c);
    assertThat(o.timers()).containsExactly(new Decision.TimerOp(CartBehaviour.EXPIRY_TIMER, NOW.plus(Fixtures.TTL)));
  }

  @Test
  void merge_into_an_expired_cart_starts_a_new_one() {
    Shopper s = withCart(new CartLine("p06", null, 1));
    Instant later = NOW.plus(Fixtures.TTL).plusSeconds(1);
    Cart merged = behaviour.decide(s, merge(List.of(new CartLine("p03", null, 2)), null, null, NOW, List.of()), Fixtures.at(later))
        .next().cart();
    assertThat(merged.id()).isNotEqualTo(s.cart().id());
    assertThat(merged.lines()).containsExactly(new CartLine("p03", null, 2));
  }

  @Test
  void a_newer_source_cart_brings_its_shipping_address_and_coupon() {
    Shopper s = ownCart();
    Coupon anon = coupon("ANON10");
    Cart merged = behaviour.decide(s,
        merge(List.of(new CartLine("p05", null, 1)), address("Kolkata"), anon, NOW.plusSeconds(60), List.of()),
        Fixtures.at(NOW.plusSeconds(120))).next().cart();
    assertThat(merged.shippingAddress()).isEqualTo(address("Kolkata"));
    assertThat(merged.billingAddress()).isEqualTo(address("Kolkata"));
    assertThat(merged.tenders().coupon()).isEqualTo(anon);
  }

  @Test
  void an_older_source_cart_does_not_replace_the_address_or_coupon() {
    Shopper s = ownCart();
    Cart merged = behaviour.decide(s,
        merge(List.of(new CartLine("p05", null, 1)), address("Kolkata"), coupon("ANON10"), NOW.minusSeconds(60), List.of()),
        Fixtures.at(NOW.plusSeconds(120))).next().cart();
    assertThat(merged.shippingAddress()).isEqualTo(Fixtures.address());
    assertThat(merged.tenders().coupon().code()).isEqualTo("OWN10");
    assertThat(merged.lines()).contains(new CartLine("p05", null, 1));
  }

  @Test
  void a_newer_source_without_address_or_coupon_keeps_the_owners() {
    Shopper s = ownCart();
    Cart merged = behaviour.decide(s, merge(List.of(new CartLine("p05", null, 1)), null, null, NOW.plusSeconds(60), List.of()),
        Fixtures.at(NOW.plusSeconds(120))).next().cart();
    assertThat(merged.shippingAddress()).isEqualTo(Fixtures.address());
    assertThat(merged.tenders().coupon().code()).isEqualTo("OWN10");
  }

  @Test
  void merge_skips_a_line_the_catalog_does_not_know() {
    Shopper s = withCart(new CartLine("p03", null, 2));
    Decision<Shopper, CartReply> o = behaviour.decide(s,
        merge(List.of(new CartLine("nope", null, 1), new CartLine("p01", "p01-xxl", 1), new CartLine("p06", null, 1)), null, null,
            NOW, List.of()), Fixtures.at(NOW));
    assertThat(o.reply()).isInstanceOf(CartView.class);
    assertThat(o.next().cart().lines()).containsExactly(new CartLine("p03", null, 2), new CartLine("p06", null, 1));
  }

  @Test
  void merge_unions_the_wishlists_without_duplicates() {
    WishlistEntry tee = new WishlistEntry("p01", "p01-s");
    WishlistEntry earbuds = new WishlistEntry("p02", null);
    WishlistEntry mug = new WishlistEntry("p06", null);
    Shopper s = behaviour.decide(Shopper.empty(OWNER), new CartCommand.AddToWishlist(OWNER, tee), Fixtures.at(NOW)).next();
    s = behaviour.decide(s, new CartCommand.AddToWishlist(OWNER, earbuds), Fixtures.at(NOW)).next();
    Decision<Shopper, CartReply> o = behaviour.decide(s,
        merge(List.of(), null, null, Instant.EPOCH, List.of(earbuds, mug, mug, new WishlistEntry("zzz", null))), Fixtures.at(NOW));
    assertThat(o.next().wishlist()).containsExactly(tee, earbuds, mug);
  }
}
