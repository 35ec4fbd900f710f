package dev.tender.wallet;

import java.time.Instant;
import java.util.List;

/** What a wallet account answers. */
public sealed interface WalletReply {

  /**
   * The account after the command: {@code status} as {@link Account#statusAt(Instant)} tells it. For a
   * read, or a command that found its work done (the same hold asked again, a hold settled that way
   * before), {@code recent} holds the account's newest ledger lines; for a change, only the line the command
   * wrote (its receipt: a hold's answer is kept with its request id, and twenty lines in every one of those
   * records cost more than the hold itself). A request repeated with its key gets its first answer again.
   */
  record View(String key, String status, String unit, long balance, long held, Instant expiresAt, boolean hasPin,
              List<LedgerEntry> recent) implements WalletReply {
    public long available() {
      return balance - held;
    }

    static View of(Account a, Instant now) {
      return of(a, now, a.newest());
    }

    /** The account after a change from {@code before}, with the lines the change wrote. */
    static View changed(Account before, Account after, Instant now) {
      return of(after, now, after.entriesSince(before));
    }

    private static View of(Account a, Instant now, List<LedgerEntry> recent) {
      return new View(a.key(), a.statusAt(now), a.unit(), a.balance(), a.held(), a.expiresAt(), a.pinHash() != null, recent);
    }
  }

  /** Refused, nothing changed except a wrong PIN's count. */
  record Rejected(Reason reason, String detail) implements WalletReply {}

  enum Reason {
    /** Unknown, disabled or expired gift card, or a wrong PIN: one answer, so numbers cannot be probed. */
    INVALID_GIFT_CARD,
    GIFT_CARD_LOCKED,
    INSUFFICIENT_BALANCE,
    CURRENCY_MISMATCH,
    INVALID_AMOUNT,
    ALREADY_EXISTS,
    HOLD_NOT_FOUND,
    /** The hold was already settled the other way (captured when releasing, released when capturing). */
    HOLD_SETTLED,
    NOT_APPLICABLE
  }
}
