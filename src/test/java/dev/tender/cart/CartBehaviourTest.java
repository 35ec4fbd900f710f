package dev.tender.cart;

import static dev.tender.cart.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tender.cart.CartReply.CartView;
import dev.tender.cart.CartReply.Reason;
import dev.tender.cart.CartReply.Rejected;
import dev.tender.cluster.Decision;
import java.time.Instant;
import java.util.List;
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
}
