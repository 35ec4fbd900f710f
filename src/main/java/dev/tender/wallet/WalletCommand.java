package dev.tender.wallet;

import java.time.Instant;

/**
 * Commands to one wallet account, addressed by its key ({@link AccountType}). Amounts are in the
 * account's unit and must be positive unless said otherwise. Every mutation is idempotent by the
 * request's idempotency key (the runtime replays its recorded outcome); holds are also idempotent by
 * their own id, so an order that retries a step with a new request id still holds once.
 */
public sealed interface WalletCommand {
  String key();

  /** Commands that may change the account. */
  sealed interface Mutation extends WalletCommand {}

  /** Creates a gift card with its first balance. {@code pinHash} from {@link PinHasher}; null = no PIN. */
  record Issue(String key, long amount, String unit, Instant expiresAt, String pinHash, String reference) implements Mutation {}

  /**
   * Balance enquiry. With a PIN it checks it (a wrong one counts toward the lock, so that form is a
   * mutation); {@code unit}, when given, must be the account's.
   */
  record Enquire(String key, String pin, String unit) implements WalletCommand {}

  /** Sets {@code amount} aside until {@code expiresAt}; then it is released unless captured. */
  record PlaceHold(String key, String holdId, long amount, String unit, Instant expiresAt, String pin, String reference)
      implements Mutation {}

  /** Spends an open hold in full. */
  record Capture(String key, String holdId, String reference) implements Mutation {}

  /** Gives an open hold back. */
  record Release(String key, String holdId, String reference) implements Mutation {}

  /** Returns captured value to the account. */
  record Refund(String key, long amount, String reference) implements Mutation {}

  /** An operator's correction; {@code amount} may be negative but never below what is held. */
  record Adjust(String key, long amount, String reference) implements Mutation {}

  /** Loyalty points earned. */
  record Earn(String key, long points, String reference) implements Mutation {}

  /** Stops a gift card from being used; open holds stay capturable. */
  record Disable(String key) implements Mutation {}

  /** The account as an operator sees it. */
  record Get(String key) implements WalletCommand {}

  /** Whether the runtime must treat a command as a mutation. */
  static boolean mutates(WalletCommand c) {
    return c instanceof Mutation || (c instanceof Enquire e && e.pin() != null);
  }
}
