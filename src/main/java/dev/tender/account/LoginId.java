package dev.tender.account;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A sign-in identifier, normalised: {@code email:<lower-case address>} or {@code phone:<country code><10 digits>}.
 * It is the key of the login kind, so one identifier has one owner and two registrations of the same
 * address cannot both win. An OTP token starts with its identifier, so verifying one needs no lookup.
 */
public record LoginId(String value) {
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");
  private static final Pattern PHONE = Pattern.compile("\\d{10}");
  private static final Pattern COUNTRY_CODE = Pattern.compile("\\+\\d{1,3}");
  public static final int EMAIL_MAX_CHARS = 254;

  public static LoginId email(String address) {
    String a = address.trim().toLowerCase(Locale.ROOT);
    if (a.length() > EMAIL_MAX_CHARS || !EMAIL.matcher(a).matches()) {
      throw new IllegalArgumentException("must be an email address");
    }
    return new LoginId("email:" + a);
  }

  /** {@code countryCode} defaults to +91 (the API's rule when it is left out). */
  public static LoginId phone(String countryCode, String number) {
    String cc = countryCode == null ? "+91" : countryCode.trim();
    if (!COUNTRY_CODE.matcher(cc).matches()) {
      throw new IllegalArgumentException("country_code must be + and 1 to 3 digits");
    }
    if (!PHONE.matcher(number.trim()).matches()) {
      throw new IllegalArgumentException("phone must be 10 digits without country code");
    }
    return new LoginId("phone:" + cc + number.trim());
  }

  public boolean isEmail() {
    return value.startsWith("email:");
  }

  /** The address or the number (with its country code) without the kind prefix. */
  public String bare() {
    return value.substring(value.indexOf(':') + 1);
  }

  /** An OTP token for this identifier: its key, then random characters. */
  public String otpToken(String random) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + "." + random;
  }

  /** The identifier an OTP token was issued for, or null if the token is malformed. */
  public static LoginId ofOtpToken(String token) {
    int dot = token == null ? -1 : token.indexOf('.');
    if (dot <= 0 || token.length() > 512) {
      return null;
    }
    try {
      String v = new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8);
      return v.startsWith("email:") || v.startsWith("phone:") ? new LoginId(v) : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
