package dev.tender.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tender.cluster.Decision;
import dev.tender.cluster.DecisionContext;
import dev.tender.wallet.LedgerEntry.Type;
import dev.tender.wallet.WalletReply.Reason;
import dev.tender.wallet.WalletReply.Rejected;
import dev.tender.wallet.WalletReply.View;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The wallet's rules, decided in memory: holds within the available balance, settled once, PIN locks. */
class WalletBehaviourTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private static final String CARD = AccountType.GIFT_CARD.key("4000123412341234");
  private static final PinHasher PINS = new PinHasher("a-test-secret-for-pins");
  private final WalletBehaviour rules = new WalletBehaviour(PINS, "INR", 50_000, 1_000);

  private static DecisionContext at(Instant now) {
    return DecisionContext.of(now, "req");
  }

  /** Applies a decision the way the partition actor would: the next state if it persisted one. */
  private static Account after(Account before, Decision<Account, WalletReply> d) {
    return d.next() != null ? d.next() : before;
  }

  private Account issued(long amount, String pin) {
    Decision<Account, WalletReply> d = rules.decide(Account.none(CARD),
        new WalletCommand.Issue(CARD, amount, "INR", T0.plus(Duration.ofDays(365)), pin == null ? null : PINS.hash(CARD, pin), "issue"), at(T0));
    assertThat(d.reply()).isInstanceOf(View.class);
    return d.next();
  }

  private static WalletCommand.PlaceHold hold(String id, long amount) {
    return new WalletCommand.PlaceHold(CARD, id, amount, "INR", T0.plus(Duration.ofMinutes(30)), null, "order-1");
  }

  @Test
  void a_hold_takes_only_what_is_available_and_sets_its_expiry_timer() {
    Account card = issued(1_000, null);
    Decision<Account, WalletReply> first = rules.decide(card, hold("h1", 600), at(T0));
    assertThat(first.timers()).extracting(Decision.TimerOp::name, Decision.TimerOp::due)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("holds", T0.plus(Duration.ofMinutes(30))));
    Account held = after(card, first);
    assertThat(held.balance()).isEqualTo(1_000);
    assertThat(held.held()).isEqualTo(600);

    Decision<Account, WalletReply> second = rules.decide(held, hold("h2", 600), at(T0));
    assertThat(second.next()).isNull();
    assertThat(((Rejected) second.reply()).reason()).isEqualTo(Reason.INSUFFICIENT_BALANCE);
    assertThat(((View) rules.decide(held, hold("h3", 400), at(T0)).reply()).held()).isEqualTo(1_000);
  }

  @Test
  void one_timer_per_account_fires_at_the_earliest_hold_releases_what_expired_and_sets_itself_for_the_next() {
    Account card = issued(1_000, null);
    Instant in10 = T0.plus(Duration.ofMinutes(10));
    Instant in20 = T0.plus(Duration.ofMinutes(20));
    Instant in30 = T0.plus(Duration.ofMinutes(30));
    Decision<Account, WalletReply> d20 = rules.decide(card, new WalletCommand.PlaceHold(CARD, "h20", 100, "INR", in20, null, "o"), at(T0));
    assertThat(d20.timers()).extracting(Decision.TimerOp::due).containsExactly(in20);
    Account a = after(card, d20);
    Decision<Account, WalletReply> d30 = rules.decide(a, new WalletCommand.PlaceHold(CARD, "h30", 100, "INR", in30, null, "o"), at(T0));
    assertThat(d30.timers()).as("a later hold leaves the timer").isEmpty();
    a = after(a, d30);
    Decision<Account, WalletReply> d10 = rules.decide(a, new WalletCommand.PlaceHold(CARD, "h10", 100, "INR", in10, null, "o"), at(T0));
    assertThat(d10.timers()).as("an earlier hold moves it").extracting(Decision.TimerOp::due).containsExactly(in10);
    a = after(a, d10);
    assertThat(a.holdsDue()).isEqualTo(in10);
    a = after(a, rules.decide(a, new WalletCommand.Capture(CARD, "h10", "paid"), at(T0)));

    // Fires at 10 (h10 already captured): nothing to release, set again for h20.
    Decision<Account, WalletReply> first = rules.onTimer(a, "holds", at(in10));
    assertThat(first.timers()).extracting(Decision.TimerOp::name, Decision.TimerOp::due)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("holds", in20));
    a = after(a, first);
    assertThat(a.holds()).containsOnlyKeys("h20", "h30");
    // Fires late, after both expiries: releases both, earliest first, and sets nothing.
    Decision<Account, WalletReply> late = rules.onTimer(a, "holds", at(in30.plusSeconds(5)));
    Account released = after(a, late);
    assertThat(late.timers()).isEmpty();
    assertThat(released.holds()).isEmpty();
    assertThat(released.held()).isZero();
    assertThat(released.holdsDue()).isNull();
    assertThat(released.entriesSince(a)).extracting(LedgerEntry::type, LedgerEntry::holdId).containsExactly(
        org.assertj.core.groups.Tuple.tuple(Type.RELEASE, "h20"), org.assertj.core.groups.Tuple.tuple(Type.RELEASE, "h30"));
    // The next hold sets the timer again.
    assertThat(rules.decide(released, new WalletCommand.PlaceHold(CARD, "h40", 100, "INR", in30.plusSeconds(600), null, "o"),
        at(in30.plusSeconds(6))).timers()).hasSize(1);
  }

  @Test
  void capture_spends_a_hold_once_and_a_late_release_or_timer_changes_nothing() {
    Account held = after(issued(1_000, null), rules.decide(issued(1_000, null), hold("h1", 700), at(T0)));
    Decision<Account, WalletReply> capture = rules.decide(held, new WalletCommand.Capture(CARD, "h1", "order-1 paid"), at(T0));
    Account captured = after(held, capture);
    assertThat(captured.balance()).isEqualTo(300);
    assertThat(captured.held()).isZero();
    assertThat(capture.timers()).as("the account's hold timer stays until it fires").isEmpty();

    Decision<Account, WalletReply> again = rules.decide(captured, new WalletCommand.Capture(CARD, "h1", "retry"), at(T0));
    assertThat(again.next()).isNull(); // the same answer, no second line
    assertThat(again.reply()).isInstanceOf(View.class);
    Decision<Account, WalletReply> release = rules.decide(captured, new WalletCommand.Release(CARD, "h1", "cancel"), at(T0));
    assertThat(((Rejected) release.reply()).reason()).isEqualTo(Reason.HOLD_SETTLED);
    assertThat(rules.onTimer(captured, "hold:h1", at(T0.plus(Duration.ofHours(1)))).next()).as("an older per-hold timer").isNull();
    Decision<Account, WalletReply> fired = rules.onTimer(captured, "holds", at(T0.plus(Duration.ofHours(1))));
    assertThat(fired.next().balance()).isEqualTo(300);
    assertThat(fired.next().seq()).as("no line written").isEqualTo(captured.seq());
    assertThat(fired.next().holdsDue()).as("no timer left").isNull();
    assertThat(fired.timers()).isEmpty();
    assertThat(captured.recent()).extracting(LedgerEntry::type).containsExactly(Type.ISSUE, Type.HOLD, Type.CAPTURE);
    // A change answers with the line it wrote; a read or a repeat with the newest lines.
    assertThat(((View) capture.reply()).recent()).extracting(LedgerEntry::type).containsExactly(Type.CAPTURE);
    assertThat(((View) again.reply()).recent()).extracting(LedgerEntry::type).containsExactly(Type.ISSUE, Type.HOLD, Type.CAPTURE);
  }

  @Test
  void an_expired_hold_is_released_by_its_timer_once_and_cannot_be_captured_after() {
    Account card = issued(1_000, null);
    Account held = after(card, rules.decide(card, hold("h1", 1_000), at(T0)));
    Account released = after(held, rules.onTimer(held, "holds", at(T0.plus(Duration.ofMinutes(31)))));
    assertThat(released.held()).isZero();
    assertThat(released.balance()).isEqualTo(1_000);
    assertThat(released.recent().get(released.recent().size() - 1).type()).isEqualTo(Type.RELEASE);
    assertThat(rules.onTimer(released, "hold:h1", at(T0.plus(Duration.ofMinutes(32)))).next()).isNull();
    assertThat(rules.onTimer(released, "holds", at(T0.plus(Duration.ofMinutes(32)))).next().seq()).isEqualTo(released.seq());
    Decision<Account, WalletReply> capture = rules.decide(released, new WalletCommand.Capture(CARD, "h1", "late"), at(T0));
    assertThat(((Rejected) capture.reply()).reason()).isEqualTo(Reason.HOLD_SETTLED);
    assertThat(((Rejected) rules.decide(released, new WalletCommand.Capture(CARD, "nope", "x"), at(T0)).reply()).reason())
        .isEqualTo(Reason.HOLD_NOT_FOUND);
  }

  @Test
  void the_same_hold_asked_again_is_not_taken_twice() {
    Account card = issued(1_000, null);
    Account held = after(card, rules.decide(card, hold("h1", 400), at(T0)));
    Decision<Account, WalletReply> repeat = rules.decide(held, hold("h1", 400), at(T0));
    assertThat(repeat.next()).isNull();
    assertThat(((View) repeat.reply()).held()).isEqualTo(400);
    assertThat(((Rejected) rules.decide(held, hold("h1", 500), at(T0)).reply()).reason()).isEqualTo(Reason.INVALID_AMOUNT);
  }

  @Test
  void five_wrong_pins_lock_the_card_for_fifteen_minutes_and_the_right_pin_then_waits() {
    Account card = issued(1_000, "123456");
    for (int i = 1; i <= 4; i++) {
      Decision<Account, WalletReply> wrong = rules.decide(card, new WalletCommand.Enquire(CARD, "000000", null), at(T0));
      assertThat(((Rejected) wrong.reply()).reason()).isEqualTo(Reason.INVALID_GIFT_CARD);
      card = after(card, wrong);
      assertThat(card.failedPins()).isEqualTo(i);
    }
    Decision<Account, WalletReply> fifth = rules.decide(card, new WalletCommand.Enquire(CARD, "000000", null), at(T0));
    assertThat(((Rejected) fifth.reply()).reason()).isEqualTo(Reason.GIFT_CARD_LOCKED);
    card = after(card, fifth);
    Decision<Account, WalletReply> rightButLocked = rules.decide(card, new WalletCommand.Enquire(CARD, "123456", null), at(T0.plusSeconds(60)));
    assertThat(((Rejected) rightButLocked.reply()).reason()).isEqualTo(Reason.GIFT_CARD_LOCKED);
    Decision<Account, WalletReply> noPinWhileLocked = rules.decide(card, new WalletCommand.Enquire(CARD, null, null), at(T0.plusSeconds(60)));
    assertThat(((Rejected) noPinWhileLocked.reply()).reason()).isEqualTo(Reason.GIFT_CARD_LOCKED);
    Decision<Account, WalletReply> later = rules.decide(card, new WalletCommand.Enquire(CARD, "123456", null), at(T0.plus(Duration.ofMinutes(16))));
    assertThat(((View) later.reply()).balance()).isEqualTo(1_000);
    Decision<Account, WalletReply> noPin = rules.decide(card, new WalletCommand.Enquire(CARD, null, null), at(T0.plus(Duration.ofMinutes(16))));
    assertThat(((Rejected) noPin.reply()).reason()).isEqualTo(Reason.INVALID_GIFT_CARD);
    assertThat(noPin.next()).isNull(); // not counted as a wrong PIN
  }

  @Test
  void unknown_disabled_and_expired_cards_answer_alike_and_currency_must_match() {
    Account none = Account.none(CARD);
    assertThat(((Rejected) rules.decide(none, hold("h", 1), at(T0)).reply()).reason()).isEqualTo(Reason.INVALID_GIFT_CARD);
    Account card = issued(1_000, null);
    Account disabled = after(card, rules.decide(card, new WalletCommand.Disable(CARD), at(T0)));
    assertThat(((Rejected) rules.decide(disabled, hold("h", 1), at(T0)).reply()).reason()).isEqualTo(Reason.INVALID_GIFT_CARD);
    assertThat(((Rejected) rules.decide(card, hold("h", 1), at(T0.plus(Duration.ofDays(366)))).reply()).reason())
        .isEqualTo(Reason.INVALID_GIFT_CARD);
    WalletCommand.PlaceHold usd = new WalletCommand.PlaceHold(CARD, "h", 1, "USD", T0.plusSeconds(60), null, "o");
    assertThat(((Rejected) rules.decide(card, usd, at(T0)).reply()).reason()).isEqualTo(Reason.CURRENCY_MISMATCH);
    assertThat(((Rejected) rules.decide(card, hold("h", 0), at(T0)).reply()).reason()).isEqualTo(Reason.INVALID_AMOUNT);
  }

  @Test
  void a_users_accounts_open_with_the_welcome_balance_written_with_their_first_change() {
    String credit = AccountType.CREDIT.key("user1");
    Decision<Account, WalletReply> read = rules.decide(Account.none(credit), new WalletCommand.Get(credit), at(T0));
    assertThat(read.next()).isNull();
    assertThat(((View) read.reply()).balance()).isEqualTo(50_000);
    Decision<Account, WalletReply> spend = rules.decide(Account.none(credit),
        new WalletCommand.Adjust(credit, -20_000, "correction"), at(T0));
    assertThat(spend.next().balance()).isEqualTo(30_000);
    assertThat(spend.next().entriesSince(Account.none(credit))).extracting(LedgerEntry::type, LedgerEntry::amount, LedgerEntry::balanceAfter)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Type.ISSUE, 50_000L, 50_000L),
            org.assertj.core.groups.Tuple.tuple(Type.ADJUST, -20_000L, 30_000L));
    Decision<Account, WalletReply> overdraw = rules.decide(spend.next(), new WalletCommand.Adjust(credit, -30_001, "x"), at(T0));
    assertThat(((Rejected) overdraw.reply()).reason()).isEqualTo(Reason.INSUFFICIENT_BALANCE);
    String points = AccountType.LOYALTY.key("user1");
    Decision<Account, WalletReply> earn = rules.decide(Account.none(points), new WalletCommand.Earn(points, 25, "order 7"), at(T0));
    assertThat(earn.next().balance()).isEqualTo(1_025);
    assertThat(((Rejected) rules.decide(spend.next(), new WalletCommand.Earn(credit, 5, "x"), at(T0)).reply()).reason())
        .isEqualTo(Reason.NOT_APPLICABLE);
  }

  @Test
  void commands_replies_and_accounts_round_trip_on_the_wire() {
    Account card = issued(1_000, "123456");
    Account held = after(card, rules.decide(card, hold("h1", 300), at(T0)));
    Account settled = after(held, rules.decide(held, new WalletCommand.Release(CARD, "h1", "r"), at(T0)));
    Account rehold = after(settled, rules.decide(settled, hold("h2", 200), at(T0)));
    assertThat(WalletWire.ACCOUNTS.fromBytes(WalletWire.ACCOUNTS.toBytes(rehold))).isEqualTo(rehold);
    List<WalletCommand> commands = List.of(
        new WalletCommand.Issue(CARD, 5, "INR", T0, "hash", "r"), new WalletCommand.Issue(CARD, 5, "INR", null, null, "r"),
        new WalletCommand.Enquire(CARD, "123456", "INR"), new WalletCommand.Enquire(CARD, null, null), hold("h", 7),
        new WalletCommand.Capture(CARD, "h", "r"), new WalletCommand.Release(CARD, "h", "r"), new WalletCommand.Refund(CARD, 3, "r"),
        new WalletCommand.Adjust(CARD, -3, "r"), new WalletCommand.Earn(CARD, 9, "r"), new WalletCommand.Disable(CARD),
        new WalletCommand.Get(CARD));
    for (WalletCommand c : commands) {
      assertThat(WalletWire.COMMANDS.fromBytes(WalletWire.COMMANDS.toBytes(c))).isEqualTo(c);
    }
    List<WalletReply> replies = List.of(View.of(rehold, T0), new Rejected(Reason.HOLD_SETTLED, "detail"));
    for (WalletReply r : replies) {
      assertThat(WalletWire.REPLIES.fromBytes(WalletWire.REPLIES.toBytes(r))).isEqualTo(r);
    }
  }
}
