package dev.tender.account;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One-time passwords: 6 random digits, kept only as an HMAC-SHA256 of token and code under a server
 * secret. A million codes would fall to an offline search of a plain or slow hash; without the secret
 * the stored value says nothing, and online guessing ends after 5 wrong tries.
 */
public final class OtpCodes {
  private final SecretKeySpec secret;
  private final SecureRandom random = new SecureRandom();

  public OtpCodes(String secret) {
    this.secret = new SecretKeySpec(("otp:" + secret).getBytes(StandardCharsets.UTF_8), "HmacSHA256");
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
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(secret);
      return HexFormat.of().formatHex(mac.doFinal((token + ":" + code).getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
