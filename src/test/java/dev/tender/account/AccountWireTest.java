package dev.tender.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tender.cart.Address;
import dev.tender.cluster.WireCodec;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every login and user command, reply and state survives the wire unchanged. */
class AccountWireTest {
  private static final Instant T = Instant.parse("2026-11-23T08:00:00.123456789Z");
  private static final Login.Registration FULL =
      new Login.Registration("Asha", "Rao ✓", "asha@example.com", "9876543210", "+91", "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA");
  private static final Login.Registration SPARSE = new Login.Registration("Asha", null, null, "9876543210", "+91", null);
  private static final Address ADDRESS = new Address("a1", "Asha", "Rao", "+91", "9876543210", "asha@example.com", "12 MG Road",
      "Near the park", "Opp. temple", "560001", "Bengaluru", "Karnataka", "India", "29ABCDE1234F1Z5", "Rao & Sons", "Home");
  private static final Address SPARSE_ADDRESS = new Address("a2", "Asha", null, "+91", "9876543210", null, "1 Main St", null, null,
      "560002", "Bengaluru", "Karnataka", "India", null, null, null);

  private static <T> void roundTrips(WireCodec<T> codec, List<T> values) {
    for (T v : values) {
      assertThat(codec.fromBytes(codec.toBytes(v))).as(String.valueOf(v)).isEqualTo(v);
    }
  }

  static List<Login> logins() {
    Login.Otp open = new Login.Otp("tok-1", "login", "abc123", T, T.plusSeconds(600), 0, false, null);
    Login.Otp register = new Login.Otp("tok-2", "register", "def456", T.plusSeconds(1), T.plusSeconds(601), 3, false, FULL);
    Login.Otp spent = new Login.Otp("tok-3", "login", "0f0f", T.plusSeconds(2), T.plusSeconds(602), 5, true, SPARSE);
    return List.of(
        Login.none("email:asha@example.com"),
        new Login("phone:+919876543210", "u-1", List.of(open, register, spent), 3, T, null),
        new Login("email:asha@example.com", null, List.of(register), 0, null, T.plusSeconds(900)));
  }

  static List<LoginCommand> loginCommands() {
    return List.of(
        new LoginCommand.IssueOtp("email:a@b.co", "tok", "register", "hash", T, FULL),
        new LoginCommand.IssueOtp("email:a@b.co", "tok", "login", "hash", T, null),
        new LoginCommand.IssueOtp("phone:+919876543210", "tok", "register", "hash", T, SPARSE),
        new LoginCommand.VerifyOtp("email:a@b.co", "tok", "hash", "register", "u-new", null),
        new LoginCommand.VerifyOtp("email:a@b.co", "tok", "hash", "verify-email", null, "u-1"),
        new LoginCommand.BeginPasswordAttempt("email:a@b.co"),
        new LoginCommand.PasswordSucceeded("email:a@b.co"),
        new LoginCommand.Lookup("email:a@b.co"),
        new LoginCommand.Release("email:a@b.co", "u-1"));
  }

  static List<LoginReply> loginReplies() {
    return List.of(
        new LoginReply.Owner("u-1", false, null),
        new LoginReply.Owner(null, false, null),
        new LoginReply.Owner("u-2", true, FULL),
        new LoginReply.Owner("u-3", true, SPARSE),
        new LoginReply.Throttled(T, false),
        new LoginReply.Throttled(T.plusSeconds(900), true),
        new LoginReply.Rejected(LoginReply.Reason.INVALID_OTP, "wrong code; 4 tries left"),
        new LoginReply.Rejected(LoginReply.Reason.ALREADY_REGISTERED, null),
        new LoginReply.Rejected(LoginReply.Reason.NO_ACCOUNT, "no account"));
  }

  static List<User> users() {
    User full = new User("u-1", "Asha", "Rao", "asha@example.com", true, "9876543210", "+91", true, "{\"sms\":true,\"email\":false}",
        "gold", "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", true, T, T.plusSeconds(5),
        List.of(new User.SavedAddress(ADDRESS, true, false), new User.SavedAddress(SPARSE_ADDRESS, false, true)));
    User sparse = new User("u-2", "B", null, null, false, "9876543210", "+91", true, null, null, null, false, T, T, List.of());
    return List.of(User.none("u-0"), full, sparse);
  }

  static List<UserCommand> userCommands() {
    return List.of(
        new UserCommand.Create("u-1", FULL, true, false),
        new UserCommand.Create("u-2", SPARSE, false, true),
        new UserCommand.Create("u-3", null, false, false),
        new UserCommand.Get("u-1"),
        new UserCommand.UpdateProfile("u-1", "Asha", "", "{\"sms\":true}"),
        new UserCommand.UpdateProfile("u-1", null, null, null),
        new UserCommand.SetPassword("u-1", "new-hash", "old-hash"),
        new UserCommand.SetPassword("u-1", "new-hash", null),
        new UserCommand.Deactivate("u-1"),
        new UserCommand.MarkVerified("u-1", true),
        new UserCommand.MarkVerified("u-1", false),
        new UserCommand.SaveAddress("u-1", new User.SavedAddress(ADDRESS, true, true), false),
        new UserCommand.SaveAddress("u-1", new User.SavedAddress(SPARSE_ADDRESS, false, false), true),
        new UserCommand.RemoveAddress("u-1", "a1"),
        new UserCommand.ChangeIdentifier("u-1", true, "new@b.co", null),
        new UserCommand.ChangeIdentifier("u-1", false, "9876543210", "+91"));
  }

  static List<UserReply> userReplies() {
    List<UserReply> replies = new java.util.ArrayList<>();
    users().forEach(u -> replies.add(new UserReply.UserView(u)));
    Arrays.stream(UserReply.Reason.values()).forEach(r -> replies.add(new UserReply.Rejected(r, "because " + r)));
    replies.add(new UserReply.Rejected(UserReply.Reason.NOT_FOUND, null));
    return replies;
  }

  @Test
  void login_states_round_trip() {
    roundTrips(AccountWire.LOGINS, logins());
  }

  @Test
  void every_login_command_round_trips() {
    roundTrips(AccountWire.LOGIN_COMMANDS, loginCommands());
    assertThat(loginCommands()).extracting(Object::getClass).containsAll(
        List.of(LoginCommand.IssueOtp.class, LoginCommand.VerifyOtp.class, LoginCommand.BeginPasswordAttempt.class,
            LoginCommand.PasswordSucceeded.class, LoginCommand.Lookup.class, LoginCommand.Release.class));
  }

  @Test
  void every_login_reply_round_trips() {
    roundTrips(AccountWire.LOGIN_REPLIES, loginReplies());
  }

  @Test
  void user_states_round_trip() {
    roundTrips(AccountWire.USERS, users());
  }

  @Test
  void every_user_command_round_trips() {
    roundTrips(AccountWire.USER_COMMANDS, userCommands());
  }

  @Test
  void every_user_reply_round_trips() {
    roundTrips(AccountWire.USER_REPLIES, userReplies());
  }

  @Test
  void the_kinds_use_these_codecs() {
    assertThat(LoginKind.KIND.commands()).isSameAs(AccountWire.LOGIN_COMMANDS);
    assertThat(LoginKind.KIND.replies()).isSameAs(AccountWire.LOGIN_REPLIES);
    assertThat(UserKind.KIND.commands()).isSameAs(AccountWire.USER_COMMANDS);
    assertThat(UserKind.KIND.replies()).isSameAs(AccountWire.USER_REPLIES);
  }

  @Test
  void a_state_decided_by_the_behaviour_round_trips() {
    LoginId id = LoginId.email("asha@example.com");
    String token = id.otpToken("xyz");
    LoginBehaviour rules = new LoginBehaviour();
    var ctx = dev.tender.cluster.DecisionContext.of(T, "req");
    Login issued = rules.decide(Login.none(id.value()),
        new LoginCommand.IssueOtp(id.value(), token, "register", "h", T.plusSeconds(600), FULL), ctx).next();
    Login claimed = rules.decide(issued, new LoginCommand.VerifyOtp(id.value(), token, "h", "register", "u-9", null), ctx).next();
    roundTrips(AccountWire.LOGINS, List.of(issued, claimed));
  }
}
