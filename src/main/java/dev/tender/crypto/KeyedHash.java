package dev.tender.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 of {@code "context:value"} under a server secret, hex: how short secrets with few values
 * (gift-card PINs, one-time passwords) are stored. A million values would fall to an offline search of a
 * plain or slow hash; without the secret the stored value says nothing.
 */
public final class KeyedHash {
  private final SecretKeySpec secret;

  public KeyedHash(String secret) {
    this.secret = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
  }

  public String hash(String context, String value) {
    return HexFormat.of().formatHex(mac(context, value));
  }

  /** The raw 32 bytes (a seed for values derived from a secret, such as an issued card's number and PIN). */
  public byte[] mac(String context, String value) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(secret);
      return mac.doFinal((context + ":" + value).getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /** Whether {@code value} is the one hashed as {@code stored}, in time independent of where they differ. */
  public boolean matches(String context, String value, String stored) {
    return stored != null
        && MessageDigest.isEqual(hash(context, value).getBytes(StandardCharsets.US_ASCII), stored.getBytes(StandardCharsets.US_ASCII));
  }
}
