package dev.tender.order;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;

/**
 * Order numbers: {@code ORD-} and 10 characters of Crockford base32 (50 bits), derived from the cart
 * and its last change. So a client that retries placing the same unchanged cart names the same order
 * (no second order), while a changed cart is a new order. Human-readable: no I, L, O or U.
 */
public final class OrderNumbers {
  private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final int CHARS = 10;

  private OrderNumbers() {}

  public static String of(String cartId, Instant cartUpdatedAt) {
    byte[] h;
    try {
      h = MessageDigest.getInstance("SHA-256").digest((cartId + "|" + cartUpdatedAt).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    long bits = 0;
    for (int i = 0; i < 8; i++) {
      bits = (bits << 8) | (h[i] & 0xff);
    }
    char[] out = new char[CHARS];
    for (int i = 0; i < CHARS; i++) {
      out[i] = CROCKFORD[(int) (bits >>> (64 - 5 * (i + 1))) & 31];
    }
    return "ORD-" + new String(out);
  }

  /** Whether {@code s} looks like an order number (checked before routing a client's path or a callback's txnid). */
  public static boolean plausible(String s) {
    return s != null && s.length() == 4 + CHARS && s.startsWith("ORD-") && s.substring(4).chars().allMatch(c -> c < 128
        && new String(CROCKFORD).indexOf(c) >= 0);
  }
}
