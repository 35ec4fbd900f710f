package dev.tender.http;

/** A limit on sign-in, OTP or reset attempts was reached: 429 with {@code Retry-After}. Expected, so stackless. */
final class TooManyAttempts extends RuntimeException {
  private final String code;
  private final long retryAfterSeconds;

  TooManyAttempts(String code, String message, long retryAfterSeconds) {
    super(message, null, false, false);
    this.code = code;
    this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
  }

  String code() {
    return code;
  }

  long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
