package dev.tender.account;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What one sign-in identifier knows: which user it belongs to (null until registered), its open
 * one-time passwords, and its recent wrong passwords. All sign-in limits per account are counted
 * here, by the identifier's single writer, so they hold exactly across a cluster.
 *
 * @param failures wrong passwords (and attempts still being checked) since {@code failuresSince}
 * @param lockedUntil no password is checked before this time; null if not locked
 */
public record Login(String id, String userId, List<Otp> otps, int failures, Instant failuresSince, Instant lockedUntil) {
  public static final int MAX_OTPS = 5;
  public static final Duration OTP_WINDOW = Duration.ofMinutes(15);

  /**
   * One OTP, stored as an HMAC of its code (a leaked table does not reveal codes).
   *
   * @param registration what the shopper registered with, carried to the verification; null for other actions
   */
  public record Otp(String token, String action, String codeHash, Instant issuedAt, Instant expiresAt, int wrongTries, boolean used,
                    Registration registration) {
    Otp withWrongTry() {
      return new Otp(token, action, codeHash, issuedAt, expiresAt, wrongTries + 1, used, registration);
    }

    Otp spent() {
      return new Otp(token, action, codeHash, issuedAt, expiresAt, wrongTries, true, registration);
    }
  }

  /** A pending sign-up: the profile, and the password's hash if it was a password registration. */
  public record Registration(String firstName, String lastName, String email, String phone, String countryCode, String passwordHash) {}

  public static Login none(String id) {
    return new Login(id, null, List.of(), 0, null, null);
  }

  public boolean claimed() {
    return userId != null;
  }

  Login withOtps(List<Otp> next) {
    return new Login(id, userId, List.copyOf(next), failures, failuresSince, lockedUntil);
  }

  Login claimedBy(String user) {
    return new Login(id, user, otps, failures, failuresSince, lockedUntil);
  }

  Login withFailures(int n, Instant since, Instant locked) {
    return new Login(id, userId, otps, n, since, locked);
  }

  /** The OTPs issued within the window (older ones are dropped when the next is issued). */
  List<Otp> recentOtps(Instant now) {
    List<Otp> recent = new ArrayList<>();
    for (Otp o : otps) {
      if (o.issuedAt().plus(OTP_WINDOW).isAfter(now)) {
        recent.add(o);
      }
    }
    return recent;
  }
}
