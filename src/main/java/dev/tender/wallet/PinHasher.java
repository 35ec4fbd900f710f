package dev.tender.wallet;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Gift-card PINs, stored as HMAC-SHA256 under a server secret and the card's key. A 6-digit PIN has a
 * million values, so a plain or slow hash would fall to an offline search of a leaked table; without
 * the secret the stored value says nothing. Online guessing is stopped by the lock after 5 wrong PINs.
 */
public final class PinHasher {
  private final SecretKeySpec secret;

  public PinHasher(String secret) {
    this.secret = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
  }

  public String hash(String accountKey, String pin) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(secret);
      return HexFormat.of().formatHex(mac.doFinal((accountKey + ":" + pin).getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /** Whether {@code pin} is the one hashed as {@code stored}, in time independent of where they differ. */
  public boolean matches(String accountKey, String pin, String stored) {
    return MessageDigest.isEqual(hash(accountKey, pin).getBytes(StandardCharsets.US_ASCII), stored.getBytes(StandardCharsets.US_ASCII));
  }
}
