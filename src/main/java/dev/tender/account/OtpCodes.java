package dev.tender.account;

import dev.tender.crypto.KeyedHash;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * One-time passwords: 6 random digits, kept only as a keyed hash ({@link KeyedHash}) of token and code
 * under a server secret; online guessing ends after 5 wrong tries.
 */
public final class OtpCodes {
  private final KeyedHash codes;
  private final SecureRandom random = new SecureRandom();

  public OtpCodes(String secret) {
    this.codes = new KeyedHash("otp:" + secret);
  }

  public String newCode() {
    return String.format("%06d", random.nextInt(1_000_000));
  }

  /** The random part of an OTP token (its identifier is prepended by {@link LoginId#otpToken}). */
  public String newTokenSuffix() {
    byte[] b = new byte[18];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  public String hash(String token, String code) {
    return codes.hash(token, code);
  }
}
