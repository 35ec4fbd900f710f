package dev.tender.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tender.account.LoginReply.Owner;
import dev.tender.account.LoginReply.Reason;
import dev.tender.account.LoginReply.Rejected;
import dev.tender.account.LoginReply.Throttled;
import dev.tender.cluster.Decision;
import dev.tender.cluster.DecisionContext;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A sign-in identifier's rules, decided in memory: OTPs issued and spent once, their limits, and the password lock. */
class LoginBehaviourTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private static final LoginId ID = LoginId.email("asha@example.com");
  private static final Duration OTP_TTL = Duration.ofMinutes(10);
  private static final OtpCodes OTPS = new OtpCodes("test-secret");
  private static final Login.Registration REGISTRATION =
      new Login.Registration("Asha", "Rao", "asha@example.com", null, null, "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA");
  private final LoginBehaviour rules = new LoginBehaviour();

  private static DecisionContext at(Instant now) {
    return DecisionContext.of(now, "req");
  }

  /** Applies a decision the way the partition actor would: the next state if it persisted one. */
  private static Login after(Login before, Decision<Login, LoginReply> d) {
    return d.next() != null ? d.next() : before;
  }

  /** An OTP issued at {@code now}: the state after it, its token and its code. */
  private record Issued(Login state, String token, String code) {}

  private Issued issue(Login s, String action, Login.Registration registration, Instant now) {
    String token = ID.otpToken(OTPS.newTokenSuffix());
    String code = OTPS.newCode();
    Decision<Login, LoginReply> d = rules.decide(s,
        new LoginCommand.IssueOtp(ID.value(), token, action, OTPS.hash(token, code), now.plus(OTP_TTL), registration), at(now));
    assertThat(d.reply()).isInstanceOf(Owner.class);
    assertThat(d.next()).isNotNull();
    return new Issued(d.next(), token, code);
  }

  private Decision<Login, LoginReply> verify(Issued i, String code, String action, String newUserId, String caller, Instant now) {
    return rules.decide(i.state(),
        new LoginCommand.VerifyOtp(ID.value(), i.token(), OTPS.hash(i.token(), code), action, newUserId, caller), at(now));
  }

  private static String wrong(String code) {
    return code.equals("000000") ? "111111" : "000000";
  }

  private static Rejected rejected(Decision<Login, LoginReply> d) {
    assertThat(d.reply()).isInstanceOf(Rejected.class);
    return (Rejected) d.reply();
  }

  private static Login claimed(String userId) {
    return Login.none(ID.value()).claimedBy(userId);
  }

  // ---- OTPs ------------------------------------------------------------------------------------

  @Test
  void a_login_otp_verifies_once_to_the_owner() {
    Issued i = issue(claimed("u-1"), "login", null, T0);
    Decision<Login, LoginReply> ok = verify(i, i.code(), "login", null, null, T0.plusSeconds(30));
    assertThat(ok.reply()).isEqualTo(new Owner("u-1", false, null));
    assertThat(ok.sends()).isEmpty();
    assertThat(ok.next().otps()).singleElement().satisfies(o -> assertThat(o.used()).isTrue());

    Decision<Login, LoginReply> reused = verify(new Issued(ok.next(), i.token(), i.code()), i.code(), "login", null, null,
        T0.plusSeconds(40));
    assertThat(rejected(reused).reason()).isEqualTo(Reason.INVALID_OTP);
    assertThat(reused.next()).isNull();
  }

  @Test
  void a_register_otp_claims_the_identifier_and_creates_the_user_through_the_outbox() {
    Issued i = issue(Login.none(ID.value()), "register", REGISTRATION, T0);
    Decision<Login, LoginReply> d = verify(i, i.code(), "register", "u-new", null, T0.plusSeconds(30));
    assertThat(d.reply()).isEqualTo(new Owner("u-new", true, REGISTRATION));
    assertThat(d.next().userId()).isEqualTo("u-new");
    assertThat(d.next().claimed()).isTrue();
    assertThat(d.next().otps().get(0).used()).isTrue();
    assertThat(d.sends()).singleElement().satisfies(send -> {
      assertThat(send.kind()).isSameAs(UserKind.KIND);
      assertThat(send.command()).isEqualTo(new UserCommand.Create("u-new", REGISTRATION, true, false));
    });
    assertThat(d.timers()).isEmpty();
  }

  @Test
  void a_phone_registration_creates_a_user_with_a_verified_phone() {
    LoginId phone = LoginId.phone(null, "9876543210");
    String token = phone.otpToken("abc");
    Login.Registration r = new Login.Registration("Asha", null, null, "9876543210", "+91", null);
    Login s = rules.decide(Login.none(phone.value()),
        new LoginCommand.IssueOtp(phone.value(), token, "register", OTPS.hash(token, "123456"), T0.plus(OTP_TTL), r), at(T0)).next();
    Decision<Login, LoginReply> d = rules.decide(s,
        new LoginCommand.VerifyOtp(phone.value(), token, OTPS.hash(token, "123456"), "register", "u-p", null), at(T0));
    assertThat(d.sends()).singleElement()
        .satisfies(send -> assertThat(send.command()).isEqualTo(new UserCommand.Create("u-p", r, false, true)));
  }

  @Test
  void five_wrong_tries_burn_the_otp_so_even_the_right_code_is_refused() {
    Issued i = issue(claimed("u-1"), "login", null, T0);
    Login s = i.state();
    for (int n = 1; n <= LoginBehaviour.MAX_WRONG_OTP_TRIES; n++) {
      Decision<Login, LoginReply> d = verify(new Issued(s, i.token(), i.code()), wrong(i.code()), "login", null, null, T0);
      assertThat(rejected(d).reason()).isEqualTo(Reason.INVALID_OTP);
      assertThat(d.next()).as("a wrong try is counted").isNotNull();
      s = d.next();
      assertThat(s.otps().get(0).wrongTries()).isEqualTo(n);
    }
    Decision<Login, LoginReply> right = verify(new Issued(s, i.token(), i.code()), i.code(), "login", null, null, T0);
    assertThat(rejected(right).reason()).isEqualTo(Reason.INVALID_OTP);
    assertThat(right.next()).isNull();
  }

  @Test
  void four_wrong_tries_still_leave_the_right_code_usable() {
    Issued i = issue(claimed("u-1"), "login", null, T0);
    Login s = i.state();
    for (int n = 1; n < LoginBehaviour.MAX_WRONG_OTP_TRIES; n++) {
      s = after(s, verify(new Issued(s, i.token(), i.code()), wrong(i.code()), "login", null, null, T0));
    }
    assertThat(verify(new Issued(s, i.token(), i.code()), i.code(), "login", null, null, T0).reply())
        .isEqualTo(new Owner("u-1", false, null));
  }

  @Test
  void an_expired_otp_is_refused() {
    Issued i = issue(claimed("u-1"), "login", null, T0);
    Decision<Login, LoginReply> d = verify(i, i.code(), "login", null, null, T0.plus(OTP_TTL));
    assertThat(rejected(d).reason()).isEqualTo(Reason.INVALID_OTP);
    assertThat(d.next()).isNull();
  }

  @Test
  void an_otp_for_another_action_is_refused_and_not_spent() {
    Issued i = issue(claimed("u-1"), "reset-password", null, T0);
    Decision<Login, LoginReply> d = verify(i, i.code(), "login", null, null, T0);
    assertThat(rejected(d).reason()).isEqualTo(Reason.INVALID_OTP);
    assertThat(d.next()).isNull();
    assertThat(verify(i, i.code(), "reset-password", null, null, T0).reply()).isEqualTo(new Owner("u-1", false, null));
  }

  @Test
  void an_unknown_token_is_refused() {
    Issued i = issue(claimed("u-1"), "login", null, T0);
    Issued other = new Issued(i.state(), ID.otpToken("not-issued"), i.code());
    assertThat(rejected(verify(other, i.code(), "login", null, null, T0)).reason()).isEqualTo(Reason.INVALID_OTP);
  }

  @Test
  void register_on_an_already_claimed_identifier_is_refused_and_spends_the_otp() {
    Issued i = issue(claimed("u-1"), "register", REGISTRATION, T0);
    Decision<Login, LoginReply> d = verify(i, i.code(), "register", "u-new", null, T0);
    assertThat(rejected(d).reason()).isEqualTo(Reason.ALREADY_REGISTERED);
    assertThat(d.sends()).isEmpty();
    assertThat(d.next().userId()).isEqualTo("u-1");
    assertThat(d.next().otps().get(0).used()).isTrue();
    assertThat(rejected(verify(new Issued(d.next(), i.token(), i.code()), i.code(), "register", "u-new", null, T0)).reason())
        .isEqualTo(Reason.INVALID_OTP);
  }

  @Test
  void a_login_otp_on_an_unclaimed_identifier_without_registration_has_no_account() {
    Issued i = issue(Login.none(ID.value()), "login", null, T0);
    Decision<Login, LoginReply> d = verify(i, i.code(), "login", "u-new", null, T0);
    assertThat(rejected(d).reason()).isEqualTo(Reason.NO_ACCOUNT);
    assertThat(d.sends()).isEmpty();
    assertThat(d.next().claimed()).isFalse();
    assertThat(d.next().otps().get(0).used()).isTrue();
  }

  @Test
  void a_login_otp_with_a_registration_on_an_unclaimed_identifier_claims_it() {
    Issued i = issue(Login.none(ID.value()), "login", REGISTRATION, T0);
    Decision<Login, LoginReply> d = verify(i, i.code(), "login", "u-new", null, T0);
    assertThat(d.reply()).isEqualTo(new Owner("u-new", true, REGISTRATION));
    assertThat(d.next().userId()).isEqualTo("u-new");
    assertThat(d.sends()).singleElement()
        .satisfies(send -> assertThat(send.command()).isEqualTo(new UserCommand.Create("u-new", REGISTRATION, true, false)));
  }

  @Test
  void a_login_otp_with_a_registration_on_a_claimed_identifier_signs_in_without_creating() {
    Issued i = issue(claimed("u-1"), "login", REGISTRATION, T0);
    Decision<Login, LoginReply> d = verify(i, i.code(), "login", "u-new", null, T0);
    assertThat(d.reply()).isEqualTo(new Owner("u-1", false, null));
    assertThat(d.sends()).isEmpty();
  }

  @Test
  void verify_email_is_only_for_the_owner() {
    Issued i = issue(claimed("u-1"), "verify-email", null, T0);
    assertThat(verify(i, i.code(), "verify-email", null, "u-1", T0).reply()).isEqualTo(new Owner("u-1", false, null));

    Decision<Login, LoginReply> stranger = verify(i, i.code(), "verify-email", null, "u-2", T0);
    assertThat(rejected(stranger).reason()).isEqualTo(Reason.INVALID_OTP);
    assertThat(stranger.next().otps().get(0).used()).as("the code is spent all the same").isTrue();

    assertThat(rejected(verify(i, i.code(), "verify-email", null, null, T0)).reason()).isEqualTo(Reason.INVALID_OTP);
    Issued unclaimed = issue(Login.none(ID.value()), "verify-email", null, T0);
    assertThat(rejected(verify(unclaimed, unclaimed.code(), "verify-email", null, "u-1", T0)).reason()).isEqualTo(Reason.INVALID_OTP);
  }

  @Test
  void reset_password_needs_an_account() {
    Issued i = issue(Login.none(ID.value()), "reset-password", null, T0);
    assertThat(rejected(verify(i, i.code(), "reset-password", null, null, T0)).reason()).isEqualTo(Reason.NO_ACCOUNT);
  }

  @Test
  void at_most_five_otps_are_issued_per_fifteen_minutes() {
    Login s = Login.none(ID.value());
    for (int n = 0; n < Login.MAX_OTPS; n++) {
      s = issue(s, "login", null, T0.plus(Duration.ofMinutes(n))).state();
    }
    assertThat(s.otps()).hasSize(Login.MAX_OTPS);
    Instant sixth = T0.plus(Duration.ofMinutes(10));
    Decision<Login, LoginReply> d = rules.decide(s,
        new LoginCommand.IssueOtp(ID.value(), ID.otpToken("six"), "login", "h", sixth.plus(OTP_TTL), null), at(sixth));
    assertThat(d.reply()).isEqualTo(new Throttled(T0.plus(Login.OTP_WINDOW), false));
    assertThat(d.next()).isNull();

    // The first one leaves the window: one more may be issued, and the old one is dropped.
    Instant later = T0.plus(Login.OTP_WINDOW);
    Issued again = issue(s, "login", null, later);
    assertThat(again.state().otps()).hasSize(Login.MAX_OTPS);
    assertThat(again.state().otps()).noneMatch(o -> o.issuedAt().equals(T0));
    Decision<Login, LoginReply> full = rules.decide(again.state(),
        new LoginCommand.IssueOtp(ID.value(), ID.otpToken("seven"), "login", "h", later.plus(OTP_TTL), null), at(later));
    assertThat(full.reply()).isEqualTo(new Throttled(T0.plus(Duration.ofMinutes(1)).plus(Login.OTP_WINDOW), false));
  }

  @Test
  void an_unclaimed_identifier_is_throttled_like_a_claimed_one() {
    Login s = Login.none(ID.value());
    for (int n = 0; n < Login.MAX_OTPS; n++) {
      s = issue(s, "login", null, T0).state();
    }
    assertThat(rules.decide(s, new LoginCommand.IssueOtp(ID.value(), ID.otpToken("x"), "login", "h", T0.plus(OTP_TTL), null), at(T0))
        .reply()).isEqualTo(new Throttled(T0.plus(Login.OTP_WINDOW), false));
  }

  // ---- passwords -------------------------------------------------------------------------------

  private Decision<Login, LoginReply> attempt(Login s, Instant now) {
    return rules.decide(s, new LoginCommand.BeginPasswordAttempt(ID.value()), at(now));
  }

  @Test
  void five_password_attempts_pass_and_the_sixth_locks_for_fifteen_minutes() {
    Login s = claimed("u-1");
    for (int n = 1; n <= LoginBehaviour.MAX_PASSWORD_FAILURES; n++) {
      Decision<Login, LoginReply> d = attempt(s, T0.plusSeconds(n));
      assertThat(d.reply()).isEqualTo(new Owner("u-1", false, null));
      s = after(s, d);
      assertThat(s.failures()).isEqualTo(n);
    }
    Instant sixth = T0.plusSeconds(10);
    Decision<Login, LoginReply> locked = attempt(s, sixth);
    assertThat(locked.reply()).isEqualTo(new Throttled(sixth.plus(LoginBehaviour.LOCK), true));
    s = after(s, locked);
    assertThat(s.lockedUntil()).isEqualTo(sixth.plus(LoginBehaviour.LOCK));

    // Locked: nothing is counted until the lock ends.
    Decision<Login, LoginReply> during = attempt(s, sixth.plus(Duration.ofMinutes(14)));
    assertThat(during.reply()).isEqualTo(new Throttled(sixth.plus(LoginBehaviour.LOCK), true));
    assertThat(during.next()).isNull();

    Decision<Login, LoginReply> afterLock = attempt(s, sixth.plus(LoginBehaviour.LOCK));
    assertThat(afterLock.reply()).isEqualTo(new Owner("u-1", false, null));
    assertThat(afterLock.next().failures()).isEqualTo(1);
  }

  @Test
  void a_right_password_starts_the_count_again() {
    Login s = claimed("u-1");
    for (int n = 0; n < 4; n++) {
      s = after(s, attempt(s, T0));
    }
    Decision<Login, LoginReply> ok = rules.decide(s, new LoginCommand.PasswordSucceeded(ID.value()), at(T0));
    assertThat(ok.reply()).isEqualTo(new Owner("u-1", false, null));
    s = after(s, ok);
    assertThat(s.failures()).isZero();
    assertThat(s.failuresSince()).isNull();
    for (int n = 0; n < LoginBehaviour.MAX_PASSWORD_FAILURES; n++) {
      Decision<Login, LoginReply> d = attempt(s, T0);
      assertThat(d.reply()).isInstanceOf(Owner.class);
      s = after(s, d);
    }
    assertThat(attempt(s, T0).reply()).isInstanceOf(Throttled.class);
    // With no count to reset, success changes nothing.
    assertThat(rules.decide(claimed("u-1"), new LoginCommand.PasswordSucceeded(ID.value()), at(T0)).next()).isNull();
  }

  @Test
  void a_right_password_checked_while_guesses_locked_the_account_leaves_the_lock() {
    Login s = claimed("u-1");
    s = after(s, attempt(s, T0)); // the owner's attempt begins...
    for (int n = 0; n < LoginBehaviour.MAX_PASSWORD_FAILURES; n++) { // ...while someone guesses
      s = after(s, attempt(s, T0.plusMillis(10)));
    }
    assertThat(s.lockedUntil()).isEqualTo(T0.plusMillis(10).plus(LoginBehaviour.LOCK));
    Decision<Login, LoginReply> ok = rules.decide(s, new LoginCommand.PasswordSucceeded(ID.value()), at(T0.plusMillis(20)));
    assertThat(ok.reply()).isEqualTo(new Owner("u-1", false, null));
    assertThat(ok.next()).as("the lock stands").isNull();
    assertThat(attempt(s, T0.plusMillis(30)).reply()).isInstanceOf(Throttled.class);
    // Once it has run out, a right password clears what is left.
    Login expired = after(s, attempt(s, T0.plus(LoginBehaviour.LOCK).plusSeconds(1)));
    assertThat(after(expired, rules.decide(expired, new LoginCommand.PasswordSucceeded(ID.value()), at(T0.plus(LoginBehaviour.LOCK)
        .plusSeconds(2)))).failures()).isZero();
  }

  @Test
  void failures_older_than_the_window_start_over() {
    Login s = claimed("u-1");
    for (int n = 0; n < LoginBehaviour.MAX_PASSWORD_FAILURES; n++) {
      s = after(s, attempt(s, T0));
    }
    Instant later = T0.plus(LoginBehaviour.FAILURE_WINDOW);
    Decision<Login, LoginReply> d = attempt(s, later);
    assertThat(d.reply()).isEqualTo(new Owner("u-1", false, null));
    assertThat(d.next().failures()).isEqualTo(1);
    assertThat(d.next().failuresSince()).isEqualTo(later);
  }

  @Test
  void an_unknown_identifier_counts_and_locks_too() {
    Login s = Login.none(ID.value());
    for (int n = 0; n < LoginBehaviour.MAX_PASSWORD_FAILURES; n++) {
      Decision<Login, LoginReply> d = attempt(s, T0);
      assertThat(d.reply()).isEqualTo(new Owner(null, false, null));
      s = after(s, d);
    }
    assertThat(attempt(s, T0).reply()).isEqualTo(new Throttled(T0.plus(LoginBehaviour.LOCK), true));
  }

  @Test
  void lookup_answers_the_owner_and_changes_nothing() {
    Decision<Login, LoginReply> d = rules.decide(claimed("u-1"), new LoginCommand.Lookup(ID.value()), at(T0));
    assertThat(d.reply()).isEqualTo(new Owner("u-1", false, null));
    assertThat(d.next()).isNull();
    assertThat(rules.decide(Login.none(ID.value()), new LoginCommand.Lookup(ID.value()), at(T0)).reply())
        .isEqualTo(new Owner(null, false, null));
  }

  @Test
  void an_update_code_moves_a_signed_in_customer_to_a_free_identifier_only() {
    Issued free = issue(Login.none(ID.value()), "update-email", null, T0);
    Decision<Login, LoginReply> moved = verify(free, free.code(), "update-email", null, "u-1", T0);
    assertThat(moved.reply()).isEqualTo(new Owner("u-1", false, null));
    assertThat(moved.next().userId()).isEqualTo("u-1");
    assertThat(moved.sends()).singleElement().satisfies(send -> {
      assertThat(send.kind()).isEqualTo(UserKind.KIND);
      assertThat(send.command()).isEqualTo(new UserCommand.ChangeIdentifier("u-1", true, "asha@example.com", null));
    });
    Issued taken = issue(claimed("u-2"), "update-email", null, T0);
    Decision<Login, LoginReply> refused = verify(taken, taken.code(), "update-email", null, "u-1", T0);
    assertThat(rejected(refused).reason()).isEqualTo(Reason.ALREADY_REGISTERED);
    assertThat(refused.next().userId()).isEqualTo("u-2");
    assertThat(refused.sends()).isEmpty();
    Issued anonymous = issue(Login.none(ID.value()), "update-email", null, T0);
    assertThat(rejected(verify(anonymous, anonymous.code(), "update-email", null, null, T0)).reason()).isEqualTo(Reason.INVALID_OTP);
  }

  @Test
  void release_frees_the_identifier_only_for_its_owner() {
    Decision<Login, LoginReply> freed = rules.decide(claimed("u-1"), new LoginCommand.Release(ID.value(), "u-1"), at(T0));
    assertThat(freed.next().userId()).isNull();
    Decision<Login, LoginReply> notYours = rules.decide(claimed("u-2"), new LoginCommand.Release(ID.value(), "u-1"), at(T0));
    assertThat(notYours.next()).isNull();
    assertThat(notYours.reply()).isEqualTo(new Owner("u-2", false, null));
  }
}
