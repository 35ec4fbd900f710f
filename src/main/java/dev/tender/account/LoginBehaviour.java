package dev.tender.account;

import dev.tender.account.LoginReply.Owner;
import dev.tender.account.LoginReply.Reason;
import dev.tender.account.LoginReply.Rejected;
import dev.tender.account.LoginReply.Throttled;
import dev.tender.cluster.Behaviour;
import dev.tender.cluster.Decision;
import dev.tender.cluster.DecisionContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A sign-in identifier's rules: who owns it, its one-time passwords (6 digits, single use, at most 5
 * wrong tries each, at most 5 issued per 15 minutes) and its password lock (5 wrong passwords in 15
 * minutes lock it for 15 minutes). Unknown identifiers keep the same counts as known ones, so the
 * answers do not tell which exist.
 */
public final class LoginBehaviour implements Behaviour<Login, LoginCommand, LoginReply> {
  public static final int MAX_WRONG_OTP_TRIES = 5;
  public static final int MAX_PASSWORD_FAILURES = 5;
  public static final Duration LOCK = Duration.ofMinutes(15);
  public static final Duration FAILURE_WINDOW = Duration.ofMinutes(15);

  @Override
  public Decision<Login, LoginReply> decide(Login s, LoginCommand command, DecisionContext ctx) {
    Instant now = ctx.now();
    return switch (command) {
      case LoginCommand.IssueOtp i -> {
        List<Login.Otp> recent = s.recentOtps(now);
        if (recent.size() >= Login.MAX_OTPS) {
          yield Decision.reply(new Throttled(recent.get(0).issuedAt().plus(Login.OTP_WINDOW), false));
        }
        recent.add(new Login.Otp(i.token(), i.action(), i.codeHash(), now, i.expiresAt(), 0, false, i.registration()));
        yield Decision.persist(s.withOtps(recent), owner(s));
      }
      case LoginCommand.VerifyOtp v -> verify(s, v, now);
      case LoginCommand.BeginPasswordAttempt b -> {
        if (s.lockedUntil() != null && s.lockedUntil().isAfter(now)) {
          yield Decision.reply(new Throttled(s.lockedUntil(), true));
        }
        boolean fresh = s.failuresSince() == null || !s.failuresSince().plus(FAILURE_WINDOW).isAfter(now);
        int failures = fresh ? 0 : s.failures();
        if (failures >= MAX_PASSWORD_FAILURES) {
          Instant until = now.plus(LOCK);
          yield Decision.persist(s.withFailures(0, null, until), new Throttled(until, true));
        }
        yield Decision.persist(s.withFailures(failures + 1, fresh ? now : s.failuresSince(), null), owner(s));
      }
      // A right password clears the count, but not a lock set while it was being checked (attempts that
      // began later, someone guessing): that lock runs its course.
      case LoginCommand.PasswordSucceeded p -> (s.failures() == 0 && s.lockedUntil() == null)
          || (s.lockedUntil() != null && s.lockedUntil().isAfter(now)) ? Decision.reply(owner(s))
          : Decision.persist(s.withFailures(0, null, null), owner(s));
      case LoginCommand.Lookup l -> Decision.reply(owner(s));
      case LoginCommand.Release r -> r.userId().equals(s.userId()) ? Decision.persist(s.claimedBy(null), owner(s.claimedBy(null)))
          : Decision.reply(owner(s)); // someone else's, or free already: delivered again by the outbox
    };
  }

  @Override
  public Decision<Login, LoginReply> onTimer(Login s, String timer, DecisionContext ctx) {
    return Decision.none(); // expiries are compared when a code is used; nothing to fire
  }

  private static Decision<Login, LoginReply> verify(Login s, LoginCommand.VerifyOtp v, Instant now) {
    int at = -1;
    for (int i = 0; i < s.otps().size(); i++) {
      if (s.otps().get(i).token().equals(v.token())) {
        at = i;
      }
    }
    if (at < 0) {
      return invalid("unknown or superseded code");
    }
    Login.Otp otp = s.otps().get(at);
    if (otp.used()) {
      return invalid("the code was already used");
    }
    if (!otp.action().equals(v.action())) {
      return invalid("the code was issued for another action");
    }
    if (!otp.expiresAt().isAfter(now)) {
      return invalid("the code expired; ask for a new one");
    }
    if (otp.wrongTries() >= MAX_WRONG_OTP_TRIES) {
      return invalid("too many wrong tries; ask for a new code");
    }
    if (!MessageDigest.isEqual(otp.codeHash().getBytes(StandardCharsets.US_ASCII), v.codeHash().getBytes(StandardCharsets.US_ASCII))) {
      Login.Otp wrong = otp.withWrongTry();
      int left = MAX_WRONG_OTP_TRIES - wrong.wrongTries();
      return Decision.persist(s.withOtps(replace(s.otps(), at, wrong)),
          new Rejected(Reason.INVALID_OTP, left > 0 ? "wrong code; " + left + " tries left" : "wrong code; ask for a new one"));
    }
    Login spent = s.withOtps(replace(s.otps(), at, otp.spent()));
    return switch (otp.action()) {
      case "register" -> s.claimed() ? Decision.persist(spent, new Rejected(Reason.ALREADY_REGISTERED, "already registered; sign in"))
          : claim(spent, v.newUserId(), otp.registration());
      case "login" -> s.claimed() ? Decision.persist(spent, owner(s))
          : otp.registration() != null ? claim(spent, v.newUserId(), otp.registration())
          : Decision.persist(spent, new Rejected(Reason.NO_ACCOUNT, "no account to sign in to"));
      case "verify-email", "verify-phone" -> s.claimed() && s.userId().equals(v.callerUserId()) ? Decision.persist(spent, owner(s))
          : Decision.persist(spent, new Rejected(Reason.INVALID_OTP, "the code is not for this account"));
      case "update-email", "update-phone" -> move(s, spent, v.callerUserId());
      default -> s.claimed() ? Decision.persist(spent, owner(s)) // reset-password
          : Decision.persist(spent, new Rejected(Reason.NO_ACCOUNT, "no account"));
    };
  }

  /**
   * A signed-in customer proved they hold this identifier and takes it as their email or phone: it becomes
   * theirs, and the user moves to it through the outbox (which frees the one they had).
   */
  private static Decision<Login, LoginReply> move(Login s, Login spent, String callerUserId) {
    if (callerUserId == null) {
      return Decision.persist(spent, new Rejected(Reason.INVALID_OTP, "sign in to change an email or phone"));
    }
    if (s.claimed() && !s.userId().equals(callerUserId)) {
      return Decision.persist(spent, new Rejected(Reason.ALREADY_REGISTERED, "another account uses it"));
    }
    LoginId id = new LoginId(s.id());
    String bare = id.bare();
    UserCommand.ChangeIdentifier change = id.isEmail() ? new UserCommand.ChangeIdentifier(callerUserId, true, bare, null)
        : new UserCommand.ChangeIdentifier(callerUserId, false, bare.substring(bare.length() - 10), bare.substring(0, bare.length() - 10));
    return Decision.<Login, LoginReply>persist(spent.claimedBy(callerUserId), new Owner(callerUserId, false, null))
        .send(UserKind.KIND, change);
  }

  /** The identifier becomes the user's; the user is created through the outbox, so it exists even if the caller goes away. */
  private static Decision<Login, LoginReply> claim(Login spent, String userId, Login.Registration registration) {
    boolean email = spent.id().startsWith("email:");
    return Decision.<Login, LoginReply>persist(spent.claimedBy(userId), new Owner(userId, true, registration))
        .send(UserKind.KIND, new UserCommand.Create(userId, registration, email, !email));
  }

  private static List<Login.Otp> replace(List<Login.Otp> otps, int at, Login.Otp next) {
    List<Login.Otp> copy = new ArrayList<>(otps);
    copy.set(at, next);
    return copy;
  }

  private static Owner owner(Login s) {
    return new Owner(s.userId(), false, null);
  }

  private static Decision<Login, LoginReply> invalid(String why) {
    return Decision.reply(new Rejected(Reason.INVALID_OTP, why));
  }
}
