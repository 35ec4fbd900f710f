package dev.tender.wallet;

import java.time.Instant;

/**
 * One line of an account's append-only ledger. {@code amount} is in the account's unit (minor units of
 * its currency, or points) and signed as it moved the balance or the held amount; {@code balanceAfter}
 * and {@code heldAfter} are the account after this line, so the ledger alone shows every balance.
 */
public record LedgerEntry(long seq, Type type, long amount, String holdId, String reference, Instant at,
                          long balanceAfter, long heldAfter) {

  public enum Type {
    /** Value added when the account is created or topped up (gift card issue, welcome balance). */
    ISSUE,
    /** Part of the available balance set aside for an order; balance unchanged, held grows. */
    HOLD,
    /** A hold spent: the balance and the held amount both fall by it. */
    CAPTURE,
    /** A hold given back (order cancelled, payment failed, hold expired): held falls by it. */
    RELEASE,
    /** Captured value returned to the account. */
    REFUND,
    /** An operator's correction, positive or negative. */
    ADJUST,
    /** Loyalty points earned by a paid order. */
    EARN;

    public String wire() {
      return name().toLowerCase();
    }
  }
}
