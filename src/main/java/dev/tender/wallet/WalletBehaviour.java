package dev.tender.wallet;

import dev.tender.cluster.Behaviour;
import dev.tender.cluster.Decision;
import dev.tender.cluster.DecisionContext;
import dev.tender.wallet.LedgerEntry.Type;
import dev.tender.wallet.WalletReply.Reason;
import dev.tender.wallet.WalletReply.Rejected;
import dev.tender.wallet.WalletReply.View;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;

/**
 * The rules of a wallet account. The available balance is checked here, by the account's single
 * writer, so concurrent holds on one card are decided one after another and never overdraw it; the
 * ledger's schema constraints (no balance below zero, a hold settled at most once) stand behind them.
 *
 * <p>A user's credit and loyalty accounts exist from their first use: an account never written opens
 * with the profile's welcome balance (an ISSUE line written with its first change), so reads and
 * writes agree on it without a sign-up step.
 */
public final class WalletBehaviour implements Behaviour<Account, WalletCommand, WalletReply> {
  static final int PIN_TRIES = 5;
  static final Duration PIN_LOCK = Duration.ofMinutes(15);
  /**
   * The account's one hold timer: due at or before its earliest open hold's expiry, it releases what has
   * expired and sets itself for the next. A hold earlier than it moves it; later holds and settlements
   * leave it alone, so a busy card's holds and releases write no timer rows.
   */
  static final String HOLDS_TIMER = "holds";
  /**
   * Holds one firing releases at most; the timer comes back at once for the rest. It bounds the lines one
   * decision writes (see {@link Account#KEPT_IN_MEMORY}).
   */
  static final int RELEASES_PER_FIRING = 64;
  /** A timer per hold, as accounts written before {@link #HOLDS_TIMER} still have: each releases its hold. */
  static final String HOLD_TIMER = "hold:";

  private final PinHasher pins;
  private final String currency;
  private final long welcomeCredit;
  private final long welcomePoints;

  /**
   * @param currency the store's currency: credit is kept in it
   * @param welcomeCredit minor units every user's credit account opens with
   * @param welcomePoints points every user's loyalty account opens with
   */
  public WalletBehaviour(PinHasher pins, String currency, long welcomeCredit, long welcomePoints) {
    this.pins = pins;
    this.currency = currency;
    this.welcomeCredit = welcomeCredit;
    this.welcomePoints = welcomePoints;
  }

  @Override
  public Decision<Account, WalletReply> decide(Account stored, WalletCommand command, DecisionContext ctx) {
    // PostgreSQL keeps microseconds: a ledger line reads back as it was answered.
    Instant now = ctx.now().truncatedTo(ChronoUnit.MICROS);
    Account a = open(stored, now);
    return switch (command) {
      case WalletCommand.Issue c -> issue(a, c, now);
      case WalletCommand.Enquire c -> usable(a, c.pin(), true, c.unit(), now, a2 -> persistIf(a2 != a, a2, View.of(a2, now)));
      case WalletCommand.PlaceHold c -> placeHold(a, c, now);
      case WalletCommand.Capture c -> settle(a, c.holdId(), Type.CAPTURE, c.reference(), now);
      case WalletCommand.Release c -> settle(a, c.holdId(), Type.RELEASE, c.reference(), now);
      case WalletCommand.Refund c -> credit(a, Type.REFUND, c.amount(), c.reference(), now);
      case WalletCommand.Earn c -> a.type() != AccountType.LOYALTY ? rejected(Reason.NOT_APPLICABLE, "points are earned on loyalty accounts")
          : credit(a, Type.EARN, c.points(), c.reference(), now);
      case WalletCommand.Adjust c -> adjust(a, c, now);
      case WalletCommand.Disable c -> a.status() == Account.Status.NONE ? invalidCard() : disable(stored, a, now);
      case WalletCommand.Get c -> Decision.reply(View.of(a, now));
    };
  }

  @Override
  public Decision<Account, WalletReply> onTimer(Account a, String timer, DecisionContext ctx) {
    if (timer.equals(HOLDS_TIMER)) {
      return releaseExpired(a, ctx.now().truncatedTo(ChronoUnit.MICROS));
    }
    if (!timer.startsWith(HOLD_TIMER) || !a.holds().containsKey(timer.substring(HOLD_TIMER.length()))) {
      return Decision.none(); // captured or released meanwhile: the hold is settled once
    }
    String holdId = timer.substring(HOLD_TIMER.length());
    Account next = release(a, a.holds().get(holdId), "hold expired", ctx.now().truncatedTo(ChronoUnit.MICROS));
    return Decision.persist(next, null);
  }

  /**
   * The hold timer fired: releases every open hold expired by now (earliest first), then sets the timer for
   * the earliest hold still open, or records that none is set (the firing deleted its row).
   */
  private Decision<Account, WalletReply> releaseExpired(Account a, Instant now) {
    List<Hold> expired = a.holds().values().stream().filter(h -> !h.expiresAt().isAfter(now))
        .sorted(Comparator.comparing(Hold::expiresAt).thenComparing(Hold::id)).limit(RELEASES_PER_FIRING).toList();
    Account next = a;
    for (Hold h : expired) {
      next = release(next, h, "hold expired", now);
    }
    Instant earliest = next.earliestHoldExpiry();
    if (earliest != null && earliest.isBefore(now)) {
      earliest = now; // more expired than one firing releases: again at once
    }
    Decision<Account, WalletReply> d = Decision.persist(next.withHoldsDue(earliest), null);
    return earliest == null ? d : d.setTimer(HOLDS_TIMER, earliest);
  }

  private static Decision<Account, WalletReply> disable(Account stored, Account a, Instant now) {
    Account next = a.withStatus(Account.Status.DISABLED);
    return Decision.persist(next, View.changed(stored, next, now));
  }

  /** A user's credit or loyalty account as it is before its first write: open, with its welcome balance. */
  private Account open(Account a, Instant now) {
    if (a.status() != Account.Status.NONE || a.type() == AccountType.GIFT_CARD) {
      return a;
    }
    boolean credit = a.type() == AccountType.CREDIT;
    Account opened = a.opened(credit ? currency : AccountType.POINTS, null, null);
    long welcome = credit ? welcomeCredit : welcomePoints;
    return welcome > 0 ? opened.append(Type.ISSUE, welcome, 0, welcome, null, "welcome", now) : opened;
  }

  private Decision<Account, WalletReply> issue(Account a, WalletCommand.Issue c, Instant now) {
    if (a.type() != AccountType.GIFT_CARD) {
      return rejected(Reason.NOT_APPLICABLE, "only gift cards are issued; credit and points are adjusted");
    }
    if (a.status() != Account.Status.NONE) {
      return rejected(Reason.ALREADY_EXISTS, "this gift card number is taken");
    }
    if (c.amount() <= 0) {
      return rejected(Reason.INVALID_AMOUNT, "a gift card is issued with a positive amount");
    }
    Account next = a.opened(c.unit(), c.expiresAt(), c.pinHash()).append(Type.ISSUE, c.amount(), 0, c.amount(), null, c.reference(), now);
    return Decision.persist(next, View.changed(a, next, now));
  }

  private Decision<Account, WalletReply> placeHold(Account a, WalletCommand.PlaceHold c, Instant now) {
    Hold open = a.holds().get(c.holdId());
    if (open != null) {
      return open.amount() == c.amount() ? Decision.reply(View.of(a, now)) // the same hold asked again
          : rejected(Reason.INVALID_AMOUNT, "hold " + c.holdId() + " exists with another amount");
    }
    if (a.settled().get(c.holdId()) != null) { // get, not containsKey: the ordered map's containsKey walks it
      return rejected(Reason.HOLD_SETTLED, "hold " + c.holdId() + " was already " + a.settled().get(c.holdId()).wire() + "d");
    }
    if (c.amount() <= 0) {
      return rejected(Reason.INVALID_AMOUNT, "a hold is a positive amount");
    }
    return usable(a, c.pin(), false, c.unit(), now, checked -> {
      if (c.expiresAt() == null || !c.expiresAt().isAfter(now)) {
        return persistIf(checked != a, checked, new Rejected(Reason.NOT_APPLICABLE, "a hold expires in the future"));
      }
      if (c.amount() > checked.available()) {
        return persistIf(checked != a, checked, new Rejected(Reason.INSUFFICIENT_BALANCE,
            "available " + checked.available() + " " + checked.unit() + ", asked " + c.amount()));
      }
      Hold hold = new Hold(c.holdId(), c.amount(), c.expiresAt(), c.reference());
      Account next = checked.withHold(hold).append(Type.HOLD, 0, c.amount(), c.amount(), c.holdId(), c.reference(), now);
      if (next.holdsDue() != null && !c.expiresAt().isBefore(next.holdsDue())) {
        return Decision.persist(next, View.changed(a, next, now)); // the timer comes first; when it fires it sets itself again
      }
      // At the earliest open hold: with no timer recorded, older holds may be open (an account written before
      // the one timer, whose own timers fire as well).
      Instant due = next.earliestHoldExpiry();
      return Decision.<Account, WalletReply>persist(next.withHoldsDue(due), View.changed(a, next, now)).setTimer(HOLDS_TIMER, due);
    });
  }

  private Decision<Account, WalletReply> settle(Account a, String holdId, Type outcome, String reference, Instant now) {
    Hold hold = a.holds().get(holdId);
    if (hold == null) {
      Type done = a.settled().get(holdId);
      if (done == null) {
        return rejected(Reason.HOLD_NOT_FOUND, "no hold " + holdId);
      }
      return done == outcome ? Decision.reply(View.of(a, now)) // settled this way before: the same answer
          : rejected(Reason.HOLD_SETTLED, "hold " + holdId + " was already " + done.wire() + "d");
    }
    Account next = outcome == Type.CAPTURE
        ? a.append(Type.CAPTURE, -hold.amount(), -hold.amount(), hold.amount(), holdId, reference, now).settle(holdId, Type.CAPTURE)
        : release(a, hold, reference, now);
    // The hold timer stays: when it fires it finds this hold gone and sets itself for the next (and an
    // older account's per-hold timer finds its hold gone and does nothing).
    return Decision.persist(next, View.changed(a, next, now));
  }

  private static Account release(Account a, Hold hold, String reference, Instant now) {
    return a.append(Type.RELEASE, 0, -hold.amount(), hold.amount(), hold.id(), reference, now).settle(hold.id(), Type.RELEASE);
  }

  private Decision<Account, WalletReply> credit(Account a, Type type, long amount, String reference, Instant now) {
    if (a.status() == Account.Status.NONE) {
      return invalidCard();
    }
    if (amount <= 0) {
      return rejected(Reason.INVALID_AMOUNT, "the amount must be positive");
    }
    Account next = a.append(type, amount, 0, amount, null, reference, now);
    return Decision.persist(next, View.changed(a, next, now));
  }

  private Decision<Account, WalletReply> adjust(Account a, WalletCommand.Adjust c, Instant now) {
    if (a.status() == Account.Status.NONE) {
      return invalidCard();
    }
    if (c.amount() == 0) {
      return rejected(Reason.INVALID_AMOUNT, "an adjustment is not zero");
    }
    if (c.amount() < 0 && -c.amount() > a.available()) {
      return rejected(Reason.INSUFFICIENT_BALANCE, "available " + a.available() + " " + a.unit() + ", adjustment " + c.amount());
    }
    Account next = a.append(Type.ADJUST, c.amount(), 0, c.amount(), null, c.reference(), now);
    return Decision.persist(next, View.changed(a, next, now));
  }

  /**
   * Runs {@code then} with the account if it can be spent from now: it exists, is active and unexpired,
   * the unit matches, and for a gift card with a PIN, the PIN is right. A wrong PIN is counted (and the
   * fifth locks the card), so that outcome is written although the command is refused.
   *
   * @param pinRequired whether a card with a PIN needs it here: a shopper's enquiry (applying the card)
   *                    does; a hold placed later by the order of a cart that passed that check does not,
   *                    unless it carries one
   */
  private Decision<Account, WalletReply> usable(Account a, String pin, boolean pinRequired, String unit, Instant now,
                                                java.util.function.Function<Account, Decision<Account, WalletReply>> then) {
    if (a.status() != Account.Status.ACTIVE || a.expired(now)) {
      return a.type() == AccountType.GIFT_CARD ? invalidCard() : rejected(Reason.NOT_APPLICABLE, "account " + a.statusAt(now));
    }
    if (unit != null && !unit.equals(a.unit())) {
      return rejected(Reason.CURRENCY_MISMATCH, "the account is in " + a.unit() + ", not " + unit);
    }
    if (a.pinHash() == null || (pin == null && !pinRequired)) {
      return then.apply(a);
    }
    if (a.locked(now)) {
      return rejected(Reason.GIFT_CARD_LOCKED, "too many wrong PINs; try again after " + a.lockedUntil());
    }
    if (pin == null) {
      return invalidCard(); // the card needs its PIN; a missing one is not counted as a wrong one
    }
    if (!pins.matches(a.key(), pin, a.pinHash())) {
      int failed = a.failedPins() + 1;
      if (failed >= PIN_TRIES) {
        Account locked = a.withPins(0, now.plus(PIN_LOCK));
        return Decision.persist(locked, new Rejected(Reason.GIFT_CARD_LOCKED, "too many wrong PINs; locked for 15 minutes"));
      }
      return Decision.persist(a.withPins(failed, null), new Rejected(Reason.INVALID_GIFT_CARD, "invalid gift card or PIN"));
    }
    return then.apply(a.failedPins() == 0 && a.lockedUntil() == null ? a : a.withPins(0, null));
  }

  private static Decision<Account, WalletReply> persistIf(boolean changed, Account next, WalletReply reply) {
    return changed ? Decision.persist(next, reply) : Decision.reply(reply);
  }

  private static Decision<Account, WalletReply> invalidCard() {
    return rejected(Reason.INVALID_GIFT_CARD, "invalid gift card or PIN");
  }

  private static Decision<Account, WalletReply> rejected(Reason reason, String detail) {
    return Decision.reply(new Rejected(reason, detail));
  }
}
