package dev.tender.account;

import java.time.Instant;

/** What a sign-in identifier answers. */
public sealed interface LoginReply {
  /**
   * The identifier's owner (null when nobody registered it).
   *
   * @param created a registration made the user just now
   * @param registration the profile a verified registration carried; null otherwise
   */
  record Owner(String userId, boolean created, Login.Registration registration) implements LoginReply {}

  /** Too many attempts: nothing is checked before {@code until}. {@code locked}: wrong passwords, not OTP requests. */
  record Throttled(Instant until, boolean locked) implements LoginReply {}

  record Rejected(Reason reason, String detail) implements LoginReply {}

  enum Reason {
    /** Wrong, expired, spent or unknown code, or burned by too many wrong tries: one answer. */
    INVALID_OTP,
    ALREADY_REGISTERED,
    /** The OTP was right but there is no account to sign in to (and registering was not asked for). */
    NO_ACCOUNT
  }
}
