package dev.tender.wallet;

import dev.tender.crypto.KeyedHash;
import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * Numbers and PINs of new gift cards: 16 digits (never starting with 0) and 6 digits. Random, or,
 * when an operator's request carries an idempotency key, derived from it under the server secret, so
 * a retried issue addresses the same card and shows the same PIN instead of issuing a second card.
 */
public final class GiftCardNumbers {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final BigInteger FIRST_16_DIGIT = BigInteger.TEN.pow(15);
  private static final BigInteger SPAN = BigInteger.valueOf(9).multiply(FIRST_16_DIGIT);
  private static final BigInteger MILLION = BigInteger.valueOf(1_000_000);

  public record Issued(String number, String pin) {}

  private GiftCardNumbers() {}

  public static Issued random() {
    byte[] seed = new byte[32];
    RANDOM.nextBytes(seed);
    return fromSeed(seed);
  }

  public static Issued derived(String secret, String idempotencyKey) {
    return fromSeed(new KeyedHash(secret).mac("gift-card-issue", idempotencyKey));
  }

  private static Issued fromSeed(byte[] seed) {
    BigInteger n = new BigInteger(1, seed);
    String number = FIRST_16_DIGIT.add(n.mod(SPAN)).toString();
    String pin = String.format("%06d", n.shiftRight(128).mod(MILLION).intValue());
    return new Issued(number, pin);
  }

  /** Whether a string is a card number's form: 16 digits. */
  public static boolean wellFormed(String number) {
    return number != null && number.length() == 16 && number.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  /** All but the last 4 digits hidden. */
  public static String masked(String number) {
    return masked(number, '*');
  }

  /** All but the last 4 digits as {@code mask} (Oracle's payment groups use 'x'). */
  public static String masked(String number, char mask) {
    return String.valueOf(mask).repeat(12) + number.substring(12);
  }
}
