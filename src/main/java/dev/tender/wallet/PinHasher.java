package dev.tender.wallet;

import dev.tender.crypto.KeyedHash;

/**
 * Gift-card PINs, stored as a keyed hash ({@link KeyedHash}) under a server secret and the card's key.
 * Online guessing is stopped by the lock after 5 wrong PINs.
 */
public final class PinHasher {
  private final KeyedHash hash;

  public PinHasher(String secret) {
    this.hash = new KeyedHash(secret);
  }

  public String hash(String accountKey, String pin) {
    return hash.hash(accountKey, pin);
  }

  /** Whether {@code pin} is the one hashed as {@code stored}, in time independent of where they differ. */
  public boolean matches(String accountKey, String pin, String stored) {
    return hash.matches(accountKey, pin, stored);
  }
}
