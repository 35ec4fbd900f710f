package dev.tender.http;

import static dev.tender.http.ErrorEnvelope.assertError;
import static dev.tender.http.NodeHttpContract.money;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Paying a cart with loyalty points, store credit and gift cards, over real HTTP against a real node,
 * once on the memory store and once on PostgreSQL. Every test uses new anonymous shoppers (each opens
 * with the default welcome balances: ₹500 credit and 1000 points worth ₹1 each) and gift cards of its
 * own, so the tests share a node (and a database) without seeing each other.
 *
 * <p>Prices from the demo catalog: p03 (Steel Water Bottle) is ₹349.50 excluding 12% tax, so one is
 * ₹391.44 with tax and four are ₹1398.00 + ₹167.76 tax = ₹1565.76.
 */
class CartTenderHttpTest {
  /** Sixteen digits, so well formed, but never issued: issued numbers never start with 0. */
  static final String NEVER_ISSUED = "0000000000004321";

  @Nested
  class Memory extends Contract {}

  @Nested
  class Pg extends Contract {}

  /** The tender contract; the nested classes above pick the store. */
  abstract class Contract extends NodeHttpContract {
    @BeforeEach
    void startAsNewShopper() throws Exception {
      newShopper();
    }

    // ---------------------------------------------------------------- all tenders together

    @Test
    void points_credit_and_two_gift_cards_lower_to_be_paid_and_leave_tax_and_grand_total_alone() throws Exception {
      JsonObject before = createCart(item("p03", 4));
      String id = before.getString("id");
      assertThat(money(before, "subtotal")).isEqualByComparingTo("1398.00");
      assertThat(money(before, "items_tax_amount")).isEqualByComparingTo("167.76");
      assertThat(money(before, "grand_total")).isEqualByComparingTo("1565.76");
      assertThat(money(before, "to_be_paid")).isEqualByComparingTo("1565.76");
      assertThat(money(before, "other_savings")).isEqualByComparingTo("0");

      JsonObject withPin = issueCard(300, true);
      JsonObject withoutPin = issueCard(1000, false);
      String a = withPin.getString("number");
      String b = withoutPin.getString("number");

      JsonObject afterPoints = cartOf(post(id, "loyalty-points", points(100)));
      assertThat(afterPoints.getInteger("loyalty_points_redeemed")).isEqualTo(100);
      assertThat(money(afterPoints, "other_savings")).isEqualByComparingTo("100");
      assertThat(money(afterPoints, "to_be_paid")).isEqualByComparingTo("1465.76");

      JsonObject afterCredit = cartOf(post(id, "credit-balance", credit(200)));
      assertThat(money(afterCredit, "credit_balance_used")).isEqualByComparingTo("200");
      assertThat(money(afterCredit, "other_savings")).isEqualByComparingTo("300");

      // No amount: the card covers as much as it can (all of its ₹300 here).
      JsonObject afterA = cartOf(post(id, "gift-card", card(a).put("pin", withPin.getString("pin"))));
      assertThat(money(afterA, "gift_card_amount")).isEqualByComparingTo("300");
      // An amount: the card covers just that (₹250 of its ₹1000).
      cartOf(post(id, "gift-card", card(b).put("amount", 250)));

      HttpResponse<Buffer> read = get(id);
      JsonObject cart = cartOf(read);
      assertThat(cart.getInteger("loyalty_points_redeemed")).isEqualTo(100);
      assertThat(money(cart, "credit_balance_used")).isEqualByComparingTo("200");
      assertThat(money(cart, "gift_card_amount")).isEqualByComparingTo("550");
      JsonArray cards = cart.getJsonArray("applied_gift_cards");
      assertThat(cards).hasSize(2);
      assertGiftCard(cards.getJsonObject(0), a, "300", "300");
      assertGiftCard(cards.getJsonObject(1), b, "250", "1000");
      // Only the masked numbers are shown.
      assertThat(read.bodyAsString()).doesNotContain(a).doesNotContain(b);

      BigDecimal other = new BigDecimal("100").add(new BigDecimal("200")).add(new BigDecimal("550"));
      assertThat(money(cart, "other_savings")).isEqualByComparingTo(other).isEqualByComparingTo("850");
      assertThat(money(cart, "total_savings")).isEqualByComparingTo(other);
      assertThat(money(cart, "to_be_paid")).isEqualByComparingTo(money(before, "grand_total").subtract(other))
          .isEqualByComparingTo("715.76");
      // Tenders are payments, not discounts: tax and totals stay as they were.
      for (String field : List.of("subtotal", "items_tax_amount", "total_tax", "subtotal_including_tax", "grand_total")) {
        assertThat(money(cart, field)).as(field).isEqualByComparingTo(money(before, field));
      }
      assertThat(cart.getInteger("loyalty_points_earned")).isEqualTo(before.getInteger("loyalty_points_earned"));
      assertThat(cart.getJsonArray("cart_items")).isEqualTo(before.getJsonArray("cart_items"));
    }

    // ---------------------------------------------------------------- replacing and removing

    @Test
    void redeeming_again_replaces_and_removing_each_tender_brings_the_totals_back() throws Exception {
      JsonObject before = createCart(item("p03", 4));
      String id = before.getString("id");
      String a = issueCard(300, false).getString("number");
      String b = issueCard(200, false).getString("number");

      cartOf(post(id, "loyalty-points", points(100)));
      JsonObject points = cartOf(post(id, "loyalty-points", points(40)));
      assertThat(points.getInteger("loyalty_points_redeemed")).isEqualTo(40);
      assertThat(money(points, "other_savings")).isEqualByComparingTo("40");

      cartOf(post(id, "credit-balance", credit(200)));
      JsonObject credit = cartOf(post(id, "credit-balance", credit(new BigDecimal("75.50"))));
      assertThat(money(credit, "credit_balance_used")).isEqualByComparingTo("75.50");
      assertThat(money(credit, "other_savings")).isEqualByComparingTo("115.50");

      cartOf(post(id, "gift-card", card(a).put("amount", 100)));
      cartOf(post(id, "gift-card", card(b)));
      // The same card again replaces it, in its place.
      JsonObject cards = cartOf(post(id, "gift-card", card(a).put("amount", 50)));
      assertThat(cards.getJsonArray("applied_gift_cards")).hasSize(2);
      assertGiftCard(cards.getJsonArray("applied_gift_cards").getJsonObject(0), a, "50", "300");
      assertGiftCard(cards.getJsonArray("applied_gift_cards").getJsonObject(1), b, "200", "200");
      assertThat(money(cards, "gift_card_amount")).isEqualByComparingTo("250");

      JsonObject all = cartOf(get(id));
      assertThat(all.getInteger("loyalty_points_redeemed")).isEqualTo(40);
      assertThat(money(all, "credit_balance_used")).isEqualByComparingTo("75.50");
      assertThat(money(all, "other_savings")).isEqualByComparingTo("365.50");
      assertThat(money(all, "to_be_paid")).isEqualByComparingTo("1200.26");

      JsonObject noPoints = cartOf(delete(id, "loyalty-points", null));
      assertThat(noPoints.getInteger("loyalty_points_redeemed")).isZero();
      assertThat(money(noPoints, "other_savings")).isEqualByComparingTo("325.50");
      assertThat(money(noPoints, "to_be_paid")).isEqualByComparingTo("1240.26");

      JsonObject noCredit = cartOf(delete(id, "credit-balance", null));
      assertThat(money(noCredit, "credit_balance_used")).isEqualByComparingTo("0");
      assertThat(money(noCredit, "other_savings")).isEqualByComparingTo("250");

      JsonObject onlyB = cartOf(delete(id, "gift-card", card(a)));
      assertThat(onlyB.getJsonArray("applied_gift_cards")).hasSize(1);
      assertGiftCard(onlyB.getJsonArray("applied_gift_cards").getJsonObject(0), b, "200", "200");
      assertThat(money(onlyB, "gift_card_amount")).isEqualByComparingTo("200");

      cartOf(delete(id, "gift-card", card(b)));
      JsonObject after = cartOf(get(id));
      assertThat(after.getJsonArray("applied_gift_cards")).isEmpty();
      assertThat(after.getInteger("loyalty_points_redeemed")).isZero();
      for (String field : List.of("gift_card_amount", "credit_balance_used", "other_savings", "total_savings")) {
        assertThat(money(after, field)).as(field).isEqualByComparingTo("0");
      }
      for (String field : List.of("subtotal", "items_tax_amount", "grand_total", "to_be_paid")) {
        assertThat(money(after, field)).as(field).isEqualByComparingTo(money(before, field));
      }
      assertThat(money(after, "to_be_paid")).isEqualByComparingTo("1565.76");
    }

    // ---------------------------------------------------------------- caps

    @Test
    void tenders_are_capped_in_order_at_what_is_left_when_the_cart_shrinks_and_come_back_when_it_grows() throws Exception {
      String id = createCart(item("p03", 4)).getString("id");
      String c = issueCard(500, false).getString("number");
      cartOf(post(id, "loyalty-points", points(1000)));
      cartOf(post(id, "credit-balance", credit(400)));
      cartOf(post(id, "gift-card", card(c)));

      // ₹1000 of points + ₹400 credit leave ₹165.76 for the ₹500 card.
      JsonObject full = cartOf(get(id));
      assertThat(money(full, "credit_balance_used")).isEqualByComparingTo("400");
      assertThat(money(full, "gift_card_amount")).isEqualByComparingTo("165.76");
      assertGiftCard(full.getJsonArray("applied_gift_cards").getJsonObject(0), c, "165.76", "500");
      assertThat(money(full, "other_savings")).isEqualByComparingTo("1565.76");
      assertThat(money(full, "to_be_paid")).isEqualByComparingTo("0");

      // One bottle (₹391.44): whole points cover ₹391 (391 of them), credit the 44 paise, the card nothing.
      JsonObject shrunk = cartOf(post(id, "items", item("p03", 1)));
      assertThat(money(shrunk, "grand_total")).isEqualByComparingTo("391.44");
      assertThat(shrunk.getInteger("loyalty_points_redeemed")).isEqualTo(391);
      assertThat(money(shrunk, "credit_balance_used")).isEqualByComparingTo("0.44");
      assertThat(money(shrunk, "gift_card_amount")).isEqualByComparingTo("0");
      assertGiftCard(shrunk.getJsonArray("applied_gift_cards").getJsonObject(0), c, "0", "500");
      assertThat(money(shrunk, "other_savings")).isEqualByComparingTo("391.44");
      assertThat(money(shrunk, "total_savings")).isEqualByComparingTo("391.44");
      assertThat(money(shrunk, "to_be_paid")).isEqualByComparingTo("0");
      assertThat(money(cartOf(get(id)), "other_savings")).isEqualByComparingTo("391.44");

      // Back to four: the choices were kept, so the first totals return.
      JsonObject grown = cartOf(post(id, "items", item("p03", 4)));
      assertThat(money(grown, "credit_balance_used")).isEqualByComparingTo("400");
      assertThat(money(grown, "gift_card_amount")).isEqualByComparingTo("165.76");
      assertThat(money(grown, "to_be_paid")).isEqualByComparingTo("0");

      // Nothing left in the cart: nothing is paid by any tender.
      JsonObject empty = cartOf(post(id, "items", item("p03", 0)));
      assertThat(money(empty, "grand_total")).isEqualByComparingTo("0");
      for (String field : List.of("credit_balance_used", "gift_card_amount", "other_savings", "total_savings", "to_be_paid")) {
        assertThat(money(empty, field)).as(field).isEqualByComparingTo("0");
      }
    }

    @Test
    void credit_covers_at_most_what_the_points_leave_and_a_card_then_covers_nothing() throws Exception {
      String id = createCart(item("p03", 1)).getString("id");
      String c = issueCard(100, false).getString("number");
      cartOf(post(id, "loyalty-points", points(300)));
      JsonObject credited = cartOf(post(id, "credit-balance", credit(500)));
      assertThat(money(credited, "credit_balance_used")).isEqualByComparingTo("91.44");
      assertThat(money(credited, "other_savings")).isEqualByComparingTo("391.44");
      assertThat(money(credited, "to_be_paid")).isEqualByComparingTo("0");
      JsonObject carded = cartOf(post(id, "gift-card", card(c)));
      assertThat(money(carded, "gift_card_amount")).isEqualByComparingTo("0");
      assertGiftCard(carded.getJsonArray("applied_gift_cards").getJsonObject(0), c, "0", "100");
      assertThat(money(carded, "other_savings")).isEqualByComparingTo("391.44");
      assertThat(money(carded, "to_be_paid")).isEqualByComparingTo("0");
      assertThat(money(carded, "grand_total")).isEqualByComparingTo("391.44");
    }

    // ---------------------------------------------------------------- refusals

    @Test
    void points_above_the_balance_or_worth_more_than_the_cart_are_refused_and_change_nothing() throws Exception {
      String id = cartWithTenders(1);
      refused(id, HttpMethod.POST, "loyalty-points", points(5000), 400, "INSUFFICIENT_LOYALTY_POINTS");
      refused(id, HttpMethod.POST, "loyalty-points", points(1001), 400, "INSUFFICIENT_LOYALTY_POINTS");
      // One bottle is ₹391.44: 392 points (within the 1000) are worth more.
      refused(id, HttpMethod.POST, "loyalty-points", points(392), 400, "LOYALTY_POINTS_ABOVE_CART_VALUE");
      refused(id, HttpMethod.POST, "loyalty-points", points(1000), 400, "LOYALTY_POINTS_ABOVE_CART_VALUE");
      // 391 points (₹391) are not.
      assertThat(cartOf(post(id, "loyalty-points", points(391))).getInteger("loyalty_points_redeemed")).isEqualTo(391);
    }

    @Test
    void credit_above_the_balance_is_refused_and_changes_nothing() throws Exception {
      String id = cartWithTenders(4);
      refused(id, HttpMethod.POST, "credit-balance", credit(10000), 400, "INSUFFICIENT_CREDIT_BALANCE");
      refused(id, HttpMethod.POST, "credit-balance", credit(new BigDecimal("500.01")), 400, "INSUFFICIENT_CREDIT_BALANCE");
      assertThat(money(cartOf(post(id, "credit-balance", credit(500))), "credit_balance_used")).isEqualByComparingTo("500");
    }

    @Test
    void negative_fractional_missing_or_non_numeric_values_are_validation_errors_and_change_nothing() throws Exception {
      String id = cartWithTenders(4);
      String c = issueCard(100, false).getString("number");
      for (Object bad : new Object[] {-1, "100", 1.5, true, new JsonObject()}) {
        refused(id, HttpMethod.POST, "loyalty-points", new JsonObject().put("loyalty_point_redeemed", bad), 400, "VALIDATION_ERROR");
      }
      refused(id, HttpMethod.POST, "loyalty-points", new JsonObject(), 400, "VALIDATION_ERROR");
      for (Object bad : new Object[] {-1, new BigDecimal("-0.01"), "200", new BigDecimal("1.234"), false}) {
        refused(id, HttpMethod.POST, "credit-balance", new JsonObject().put("credit_balance_used", bad), 400, "VALIDATION_ERROR");
      }
      refused(id, HttpMethod.POST, "credit-balance", new JsonObject(), 400, "VALIDATION_ERROR");
      for (Object bad : new Object[] {-1, 0, "50", new BigDecimal("1.234")}) {
        refused(id, HttpMethod.POST, "gift-card", card(c).put("amount", bad), 400, "VALIDATION_ERROR");
      }
      refused(id, HttpMethod.POST, "gift-card", new JsonObject(), 400, "VALIDATION_ERROR");
      refused(id, HttpMethod.DELETE, "gift-card", new JsonObject(), 400, "VALIDATION_ERROR");
      refused(id, HttpMethod.POST, "loyalty-points", Buffer.buffer("{not json"), 400, "VALIDATION_ERROR");
    }

    @Test
    void unknown_and_malformed_gift_cards_and_pins_are_invalid_and_change_nothing() throws Exception {
      String id = cartWithTenders(4);
      refused(id, HttpMethod.POST, "gift-card", card(NEVER_ISSUED), 400, "INVALID_GIFT_CARD");
      refused(id, HttpMethod.POST, "gift-card", card(NEVER_ISSUED).put("pin", "123456"), 400, "INVALID_GIFT_CARD");
      for (String bad : List.of("1234", "12345678901234567", "123456789012345a", "1234 5678 9012 34", "abcdefghijklmnop")) {
        refused(id, HttpMethod.POST, "gift-card", card(bad), 400, "INVALID_GIFT_CARD");
      }
      JsonObject issued = issueCard(100, true);
      for (String badPin : List.of("12345", "1234567", "abcdef")) {
        refused(id, HttpMethod.POST, "gift-card", card(issued.getString("number")).put("pin", badPin), 400, "INVALID_GIFT_CARD");
      }
    }

    @Test
    void a_wrong_pin_is_invalid_and_five_wrong_pins_lock_the_card_even_for_the_right_pin() throws Exception {
      String id = cartWithTenders(4);
      JsonObject issued = issueCard(200, true);
      String number = issued.getString("number");
      String pin = issued.getString("pin");
      String wrong = wrongPin(pin);
      for (int i = 1; i <= 4; i++) {
        refused(id, HttpMethod.POST, "gift-card", card(number).put("pin", wrong), 400, "INVALID_GIFT_CARD");
      }
      // The fifth wrong PIN locks the card (it answers either code, but must refuse).
      HttpResponse<Buffer> fifth = post(id, "gift-card", card(number).put("pin", wrong));
      assertThat(fifth.statusCode()).as(fifth.bodyAsString()).isEqualTo(400);
      assertThat(fifth.bodyAsJsonObject().getString("code")).isIn("INVALID_GIFT_CARD", "GIFT_CARD_LOCKED");
      refused(id, HttpMethod.POST, "gift-card", card(number).put("pin", pin), 400, "GIFT_CARD_LOCKED");
      refused(id, HttpMethod.POST, "gift-card", card(number).put("pin", wrong), 400, "GIFT_CARD_LOCKED");
      // Locked means unusable from this cart: not applied by any of those attempts.
      assertThat(cartOf(get(id)).getJsonArray("applied_gift_cards")).hasSize(1);
    }

    @Test
    void four_wrong_pins_then_the_right_one_applies_the_card() throws Exception {
      String id = createCart(item("p03", 4)).getString("id");
      JsonObject issued = issueCard(200, true);
      String number = issued.getString("number");
      for (int i = 1; i <= 4; i++) {
        assertError(post(id, "gift-card", card(number).put("pin", wrongPin(issued.getString("pin")))), 400, "INVALID_GIFT_CARD");
      }
      JsonObject applied = cartOf(post(id, "gift-card", card(number).put("pin", issued.getString("pin"))));
      assertThat(money(applied, "gift_card_amount")).isEqualByComparingTo("200");
    }

    /**
     * A card issued with a PIN is protected by it: leaving the PIN out must not apply the card (else
     * anyone with the number could spend it, and the lock after wrong PINs would mean nothing).
     */
    @Test
    void a_card_with_a_pin_is_not_applied_without_its_pin() throws Exception {
      String id = cartWithTenders(4);
      JsonObject issued = issueCard(200, true);
      giftCardRefused(id, card(issued.getString("number")), "a PIN-protected card applied without its PIN",
          "INVALID_GIFT_CARD", "VALIDATION_ERROR");
    }

    /** Nor a card locked by wrong PINs: leaving the PIN out must not get round the lock. */
    @Test
    void a_card_locked_by_wrong_pins_is_not_applied_without_a_pin_either() throws Exception {
      String id = cartWithTenders(4);
      JsonObject issued = issueCard(200, true);
      String number = issued.getString("number");
      for (int i = 1; i <= 5; i++) {
        assertThat(post(id, "gift-card", card(number).put("pin", wrongPin(issued.getString("pin")))).statusCode()).isEqualTo(400);
      }
      refused(id, HttpMethod.POST, "gift-card", card(number).put("pin", issued.getString("pin")), 400, "GIFT_CARD_LOCKED");
      giftCardRefused(id, card(number), "a locked card applied without a PIN", "GIFT_CARD_LOCKED", "INVALID_GIFT_CARD",
          "VALIDATION_ERROR");
    }

    @Test
    void a_disabled_card_is_invalid_and_changes_nothing() throws Exception {
      String id = cartWithTenders(4);
      JsonObject issued = issueCard(200, true);
      String number = issued.getString("number");
      HttpResponse<Buffer> disabled = admin(HttpMethod.POST, "/gift-cards/" + number + "/disable", null, null);
      assertThat(disabled.statusCode()).as(disabled.bodyAsString()).isEqualTo(200);
      refused(id, HttpMethod.POST, "gift-card", card(number).put("pin", issued.getString("pin")), 400, "INVALID_GIFT_CARD");
      String plain = issueCard(200, false).getString("number");
      assertThat(admin(HttpMethod.POST, "/gift-cards/" + plain + "/disable", null, null).statusCode()).isEqualTo(200);
      refused(id, HttpMethod.POST, "gift-card", card(plain), 400, "INVALID_GIFT_CARD");
    }

    @Test
    void an_amount_above_the_cards_balance_is_refused_and_changes_nothing() throws Exception {
      String id = cartWithTenders(4);
      String c = issueCard(200, false).getString("number");
      refused(id, HttpMethod.POST, "gift-card", card(c).put("amount", new BigDecimal("200.01")), 400, "INSUFFICIENT_GIFT_CARD_BALANCE");
      refused(id, HttpMethod.POST, "gift-card", card(c).put("amount", 1000), 400, "INSUFFICIENT_GIFT_CARD_BALANCE");
      JsonObject exact = cartOf(post(id, "gift-card", card(c).put("amount", 200)));
      assertThat(exact.getJsonArray("applied_gift_cards")).hasSize(2);
    }

    @Test
    void removing_a_card_that_is_not_applied_is_refused_and_changes_nothing() throws Exception {
      String id = cartWithTenders(4);
      String other = issueCard(100, false).getString("number");
      refused(id, HttpMethod.DELETE, "gift-card", card(other), 400, "GIFT_CARD_NOT_APPLIED");
      refused(id, HttpMethod.DELETE, "gift-card", card(NEVER_ISSUED), 400, "GIFT_CARD_NOT_APPLIED");
      refused(id, HttpMethod.DELETE, "gift-card", card("12345"), 400, "INVALID_GIFT_CARD");
    }

    @Test
    void a_sixth_gift_card_is_refused_and_changes_nothing() throws Exception {
      String id = createCart(item("p03", 10)).getString("id");
      for (int i = 0; i < 5; i++) {
        cartOf(post(id, "gift-card", card(issueCard(10, false).getString("number"))));
      }
      assertThat(money(cartOf(get(id)), "gift_card_amount")).isEqualByComparingTo("50");
      refused(id, HttpMethod.POST, "gift-card", card(issueCard(10, false).getString("number")), 400, "TOO_MANY_GIFT_CARDS");
    }

    @Test
    void another_users_cart_is_not_found_by_any_tender_route_and_is_left_alone() throws Exception {
      String theirs = cartWithTenders(4);
      String c = issueCard(100, false).getString("number");
      HttpResponse<Buffer> before = get(theirs);
      String owner = token;
      newShopper(); // another shopper, with balances of their own
      createCart(item("p03", 1));
      assertError(post(theirs, "loyalty-points", points(10)), 404, "NOT_FOUND");
      assertError(delete(theirs, "loyalty-points", null), 404, "NOT_FOUND");
      assertError(post(theirs, "credit-balance", credit(10)), 404, "NOT_FOUND");
      assertError(delete(theirs, "credit-balance", null), 404, "NOT_FOUND");
      assertError(post(theirs, "gift-card", card(c)), 404, "NOT_FOUND");
      assertError(delete(theirs, "gift-card", card(c)), 404, "NOT_FOUND");
      assertError(get(theirs), 404, "NOT_FOUND");
      token = owner;
      assertThat(cartOf(get(theirs))).isEqualTo(cartOf(before));
    }

    // ---------------------------------------------------------------- nothing held

    @Test
    void applying_a_gift_card_holds_nothing_and_writes_nothing_to_its_ledger() throws Exception {
      String id = createCart(item("p03", 4)).getString("id");
      JsonObject issued = issueCard(700, true);
      String number = issued.getString("number");
      cartOf(post(id, "gift-card", card(number).put("pin", issued.getString("pin")).put("amount", 300)));
      // Applied again (replaced) and a wrong PIN in between: still nothing held or spent.
      assertError(post(id, "gift-card", card(number).put("pin", wrongPin(issued.getString("pin")))), 400, "INVALID_GIFT_CARD");
      JsonObject cart = cartOf(post(id, "gift-card", card(number).put("pin", issued.getString("pin"))));
      assertThat(money(cart, "gift_card_amount")).isEqualByComparingTo("700");

      HttpResponse<Buffer> read = admin(HttpMethod.GET, "/gift-cards/" + number, null, null);
      assertThat(read.statusCode()).as(read.bodyAsString()).isEqualTo(200);
      JsonObject content = read.bodyAsJsonObject().getJsonObject("content");
      JsonObject shown = content.getJsonObject("gift_card");
      assertThat(money(shown, "balance")).isEqualByComparingTo("700");
      assertThat(money(shown, "held")).isEqualByComparingTo("0");
      assertThat(shown.getString("status")).isEqualTo("active");
      JsonArray ledger = content.getJsonArray("ledger");
      assertThat(ledger).hasSize(1);
      assertThat(ledger.getJsonObject(0).getString("type")).isEqualTo("issue");
      assertThat(money(ledger.getJsonObject(0), "amount")).isEqualByComparingTo("700");
      assertThat(money(ledger.getJsonObject(0), "held_after")).isEqualByComparingTo("0");
    }

    @Test
    void redeeming_points_and_credit_holds_nothing_either() throws Exception {
      String id = createCart(item("p03", 4)).getString("id");
      cartOf(post(id, "loyalty-points", points(300)));
      cartOf(post(id, "credit-balance", credit(new BigDecimal("250.25"))));
      HttpResponse<Buffer> r = admin(HttpMethod.GET, "/customers/" + userId + "/wallet", null, null);
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
      JsonObject wallet = r.bodyAsJsonObject().getJsonObject("content");
      assertThat(money(wallet, "credit_balance")).isEqualByComparingTo("500");
      assertThat(money(wallet, "credit_held")).isEqualByComparingTo("0");
      assertThat(wallet.getLong("loyalty_points")).isEqualTo(1000L);
      assertThat(wallet.getLong("loyalty_held")).isZero();
      assertThat(wallet.getJsonArray("ledger").stream().map(o -> ((JsonObject) o).getString("type")).toList())
          .containsOnly("issue");
    }

    // ---------------------------------------------------------------- helpers

    /**
     * A cart of {@code bottles} p03 with 50 points, ₹20 credit and a ₹30 card applied, so a refusal
     * that wrongly reset or changed any of them shows.
     */
    String cartWithTenders(int bottles) throws Exception {
      String id = createCart(item("p03", bottles)).getString("id");
      cartOf(post(id, "loyalty-points", points(50)));
      cartOf(post(id, "credit-balance", credit(20)));
      JsonObject cart = cartOf(post(id, "gift-card", card(issueCard(30, false).getString("number"))));
      assertThat(money(cart, "other_savings")).isEqualByComparingTo("100");
      return id;
    }

    /** The request is refused with this status and code, and the cart reads back exactly as before. */
    void refused(String id, HttpMethod method, String tender, Object body, int status, String code) throws Exception {
      JsonObject before = cartOf(get(id));
      assertError(call(method, "/carts/" + id + "/" + tender, body), status, code);
      assertThat(cartOf(get(id))).as("cart after refused %s %s %s", method, tender, body).isEqualTo(before);
    }

    /**
     * Applying the gift card is refused with a 400 and one of {@code codes} (which one is the server's
     * choice), and the cart reads back as before; {@code ifApplied} is the failure's message otherwise.
     */
    void giftCardRefused(String id, JsonObject body, String ifApplied, String... codes) throws Exception {
      HttpResponse<Buffer> before = get(id);
      HttpResponse<Buffer> r = post(id, "gift-card", body);
      assertThat(r.statusCode()).as(ifApplied + ": " + r.bodyAsString()).isEqualTo(400);
      assertThat(r.bodyAsJsonObject().getString("code")).isIn((Object[]) codes);
      assertThat(cartOf(get(id))).isEqualTo(cartOf(before));
    }

    HttpResponse<Buffer> post(String id, String tender, Object body) throws Exception {
      return call(HttpMethod.POST, "/carts/" + id + "/" + tender, body);
    }

    HttpResponse<Buffer> delete(String id, String tender, Object body) throws Exception {
      return call(HttpMethod.DELETE, "/carts/" + id + "/" + tender, body);
    }

    /** A new gift card of {@code rupees}: its number and (with a PIN) its PIN. */
    JsonObject issueCard(long rupees, boolean withPin) throws Exception {
      HttpResponse<Buffer> r = admin(HttpMethod.POST, "/gift-cards", null, new JsonObject().put("amount", rupees).put("with_pin", withPin));
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
      JsonObject card = r.bodyAsJsonObject().getJsonObject("content").getJsonObject("gift_card");
      assertThat(card.getString("number")).matches("[0-9]{16}");
      if (withPin) {
        assertThat(card.getString("pin")).matches("[0-9]{6}");
      }
      return card;
    }
  }

  static JsonObject points(int points) {
    return new JsonObject().put("loyalty_point_redeemed", points);
  }

  static JsonObject credit(Object rupees) {
    return new JsonObject().put("credit_balance_used", rupees);
  }

  static JsonObject card(String number) {
    return new JsonObject().put("gift_card_number", number);
  }

  /** Another six-digit PIN. */
  static String wrongPin(String pin) {
    return pin.equals("000000") ? "111111" : "000000";
  }

  static void assertGiftCard(JsonObject shown, String number, String amount, String balance) {
    assertThat(shown.getString("gift_card_number")).isEqualTo("************" + number.substring(12));
    assertThat(money(shown, "amount")).as("amount of " + shown).isEqualByComparingTo(amount);
    assertThat(money(shown, "balance")).as("balance of " + shown).isEqualByComparingTo(balance);
  }
}
