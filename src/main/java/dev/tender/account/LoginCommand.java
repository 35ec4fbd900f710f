package dev.tender.account;

import java.time.Instant;

/** Commands to one sign-in identifier. */
public sealed interface LoginCommand {
  String id();

  sealed interface Mutation extends LoginCommand {}

  /** Records an OTP (its hash) for {@code action}; refused when too many were issued lately. */
  record IssueOtp(String id, String token, String action, String codeHash, Instant expiresAt, Login.Registration registration)
      implements Mutation {}

  /**
   * Checks and spends an OTP. A registration (or a login that may register) claims the identifier for
   * {@code newUserId} and creates the user through the outbox.
   *
   * @param callerUserId who is asking (for verify-email/phone, which only the owner may do); may be null
   */
  record VerifyOtp(String id, String token, String codeHash, String action, String newUserId, String callerUserId)
      implements Mutation {}

  /** A password is about to be checked: counted first, so parallel guesses cannot pass the limit. */
  record BeginPasswordAttempt(String id) implements Mutation {}

  /** The password was right: the count starts again. */
  record PasswordSucceeded(String id) implements Mutation {}

  /** The owner moved to another email or phone: the identifier is free again (only if {@code userId} still owns it). */
  record Release(String id, String userId) implements Mutation {}

  /** Who owns the identifier (forgot-password decides what to deliver). */
  record Lookup(String id) implements LoginCommand {}
}
