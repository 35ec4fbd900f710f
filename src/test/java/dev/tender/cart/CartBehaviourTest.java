package dev.tender.cart;

import static dev.tender.cart.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tender.cart.CartReply.CartView;
import dev.tender.cart.CartReply.Reason;
import dev.tender.cart.CartReply.Rejected;
import java.util.List;
import org.junit.jupiter.api.Test;

class CartBehaviourTest {
  private static final UserId OWNER = new UserId("owner-1");
  private final CartBehaviour behaviour = Fixtures.behaviour();

  private Shopper withCart(CartLine... lines) {
    CartBehaviour.Outcome o = behaviour.handle(Shopper.empty(OWNER),
        new CartCommand.CreateOrUpdate(RequestId.random(), OWNER, List.of(lines), null), NOW);
    return o.next();
  }

  private static Rejected rejected(CartBehaviour.Outcome o) {
    assertThat(o.next()).as("a rejection changes nothing").isNull();
    return (Rejected) o.reply();
  }

  @Test
  void create_opens_one_cart_and_a_second_create_updates_it() {
    Shopper s = withCart(new CartLine("p03", null, 2));
    CartId id = s.cart().id();
    CartBehaviour.Outcome again = behaviour.handle(s,
        new CartCommand.CreateOrUpdate(RequestId.random(), OWNER, List.of(new CartLine("p03", null, 5), new CartLine("p06", null, 1)), null), NOW);
    assertThat(again.next().cart().id()).isEqualTo(id);
    assertThat(again.next().cart().lines()).containsExactly(new CartLine("p03", null, 5), new CartLine("p06", null, 1));
  }

  @Test
  void quantity_is_absolute_and_zero_removes_the_line() {
    Shopper s = withCart(new CartLine("p03", null, 2), new CartLine("p06", null, 1));
    CartId id = s.cart().id();
    Shopper set = behaviour.handle(s, new CartCommand.SetQuantity(RequestId.random(), OWNER, id, new CartLine("p03", null, 4)), NOW).next();
    assertThat(set.cart().lines()).containsExactly(new CartLine("p03", null, 4), new CartLine("p06", null, 1));
    Shopper removed = behaviour.handle(set, new CartCommand.SetQuantity(RequestId.random(), OWNER, id, new CartLine("p03", null, 0)), NOW).next();
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
      CartBehaviour.Outcome o = behaviour.handle(s, new CartCommand.SetQuantity(RequestId.random(), OWNER, id, c.line()), NOW);
      assertThat(rejected(o).reason()).as(c.line().toString()).isEqualTo(c.reason());
    }
  }

  @Test
  void another_cart_id_is_not_found() {
    Shopper s = withCart(new CartLine("p03", null, 2));
    CartBehaviour.Outcome o = behaviour.handle(s, new CartCommand.Get(OWNER, new CartId("someone-elses")), NOW);
    assertThat(((Rejected) o.reply()).reason()).isEqualTo(Reason.CART_NOT_FOUND);
  }

  @Test
  void an_expired_cart_reads_as_expired_and_create_starts_a_new_one() {
    Shopper s = withCart(new CartLine("p03", null, 2));
    CartId old = s.cart().id();
    var later = NOW.plus(Fixtures.TTL).plusSeconds(1);
    assertThat(((Rejected) behaviour.handle(s, new CartCommand.Get(OWNER, old), later).reply()).reason()).isEqualTo(Reason.CART_EXPIRED);
    assertThat(rejected(behaviour.handle(s, new CartCommand.SetQuantity(RequestId.random(), OWNER, old, new CartLine("p06", null, 1)), later)).reason())
        .isEqualTo(Reason.CART_EXPIRED);
    Shopper fresh = behaviour.handle(s, new CartCommand.CreateOrUpdate(RequestId.random(), OWNER, List.of(new CartLine("p06", null, 1)), null), later).next();
    assertThat(fresh.cart().id()).isNotEqualTo(old);
    assertThat(fresh.cart().lines()).containsExactly(new CartLine("p06", null, 1));
  }

  @Test
  void a_duplicated_request_is_applied_once() {
    Shopper s = withCart(new CartLine("p03", null, 2));
    CartId id = s.cart().id();
    RequestId req = RequestId.random();
    Shopper once = behaviour.handle(s, new CartCommand.SetQuantity(req, OWNER, id, new CartLine("p06", null, 1)), NOW).next();
    Shopper changedElsewhere = behaviour.handle(once, new CartCommand.SetQuantity(RequestId.random(), OWNER, id, new CartLine("p06", null, 3)), NOW).next();
    CartBehaviour.Outcome replay = behaviour.handle(changedElsewhere, new CartCommand.SetQuantity(req, OWNER, id, new CartLine("p06", null, 1)), NOW);
    assertThat(replay.next()).isNull();
    assertThat(((CartView) replay.reply()).cart().cart().lines()).contains(new CartLine("p06", null, 3));
  }

  @Test
  void setting_addresses_picks_home_delivery_and_makes_the_cart_ready() {
    Shopper s = withCart(new CartLine("p03", null, 2));
    CartBehaviour.Outcome o = behaviour.handle(s,
        new CartCommand.SetAddresses(RequestId.random(), OWNER, s.cart().id(), Fixtures.address(), Fixtures.address()), NOW);
    assertThat(o.next().cart().fulfillment().preferenceType()).isEqualTo("auto");
    assertThat(((CartView) o.reply()).cart().readyForPayment()).isTrue();
  }

  @Test
  void wishlist_adds_once_and_removes() {
    Shopper s = Shopper.empty(OWNER);
    WishlistEntry tee = new WishlistEntry("p01", "p01-s");
    Shopper added = behaviour.handle(s, new CartCommand.AddToWishlist(RequestId.random(), OWNER, tee), NOW).next();
    assertThat(added.wishlist()).containsExactly(tee);
    assertThat(behaviour.handle(added, new CartCommand.AddToWishlist(RequestId.random(), OWNER, tee), NOW).next()).isNull();
    assertThat(rejected(behaviour.handle(added, new CartCommand.AddToWishlist(RequestId.random(), OWNER, new WishlistEntry("zzz", null)), NOW)).reason())
        .isEqualTo(Reason.UNKNOWN_PRODUCT);
    Shopper removed = behaviour.handle(added, new CartCommand.RemoveFromWishlist(RequestId.random(), OWNER, tee), NOW).next();
    assertThat(removed.wishlist()).isEmpty();
  }
}
