package dev.tender.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tender.account.UserReply.Reason;
import dev.tender.account.UserReply.Rejected;
import dev.tender.account.UserReply.UserView;
import dev.tender.cart.Address;
import dev.tender.cluster.Decision;
import dev.tender.cluster.DecisionContext;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A customer's rules, decided in memory: creation once, profile, password, deactivation and saved addresses. */
class UserBehaviourTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private static final Instant T1 = T0.plusSeconds(60);
  private static final String UID = "u-1";
  private static final Login.Registration REGISTRATION =
      new Login.Registration("Asha", "Rao", "asha@example.com", null, null, "hash-1");
  private final UserBehaviour rules = new UserBehaviour();

  private static DecisionContext at(Instant now) {
    return DecisionContext.of(now, "req");
  }

  private User created() {
    Decision<User, UserReply> d = rules.decide(User.none(UID), new UserCommand.Create(UID, REGISTRATION, true, false), at(T0));
    assertThat(d.next()).isNotNull();
    assertThat(d.reply()).isEqualTo(new UserView(d.next()));
    return d.next();
  }

  private User changed(User s, UserCommand c) {
    Decision<User, UserReply> d = rules.decide(s, c, at(T1));
    assertThat(d.next()).as("%s changes the user", c).isNotNull();
    assertThat(d.reply()).isEqualTo(new UserView(d.next()));
    return d.next();
  }

  private Reason rejected(User s, UserCommand c) {
    Decision<User, UserReply> d = rules.decide(s, c, at(T1));
    assertThat(d.next()).as("a rejection changes nothing").isNull();
    assertThat(d.reply()).isInstanceOf(Rejected.class);
    return ((Rejected) d.reply()).reason();
  }

  private static Address address(String id, String city) {
    return new Address(id, "Asha", "Rao", "+91", "9876543210", "asha@example.com", "12 MG Road", null, null,
        "560001", city, "Karnataka", "India", null, null, null);
  }

  private static User.SavedAddress saved(String id, boolean billing, boolean shipping) {
    return new User.SavedAddress(address(id, "Bengaluru"), billing, shipping);
  }

  @Test
  void create_makes_the_user_from_the_registration() {
    User u = created();
    assertThat(u.id()).isEqualTo(UID);
    assertThat(u.firstName()).isEqualTo("Asha");
    assertThat(u.lastName()).isEqualTo("Rao");
    assertThat(u.email()).isEqualTo("asha@example.com");
    assertThat(u.emailVerified()).isTrue();
    assertThat(u.phoneVerified()).isFalse();
    assertThat(u.passwordHash()).isEqualTo("hash-1");
    assertThat(u.active()).isTrue();
    assertThat(u.exists()).isTrue();
    assertThat(u.createdAt()).isEqualTo(T0);
    assertThat(u.modifiedAt()).isEqualTo(T0);
    assertThat(u.addresses()).isEmpty();
  }

  @Test
  void a_second_create_answers_the_existing_user_unchanged() {
    User u = changed(created(), new UserCommand.UpdateProfile(UID, "Asha K", null, null));
    Decision<User, UserReply> again = rules.decide(u,
        new UserCommand.Create(UID, new Login.Registration("Other", "Person", "x@example.com", null, null, null), false, true), at(T1));
    assertThat(again.next()).isNull();
    assertThat(again.reply()).isEqualTo(new UserView(u));
  }

  @Test
  void commands_to_a_missing_user_are_not_found() {
    User none = User.none(UID);
    List<UserCommand> commands = List.of(
        new UserCommand.Get(UID),
        new UserCommand.UpdateProfile(UID, "A", null, null),
        new UserCommand.SetPassword(UID, "h", null),
        new UserCommand.Deactivate(UID),
        new UserCommand.MarkVerified(UID, true),
        new UserCommand.SaveAddress(UID, saved("a1", false, false), false),
        new UserCommand.RemoveAddress(UID, "a1"));
    for (UserCommand c : commands) {
      assertThat(rejected(none, c)).as(c.toString()).isEqualTo(Reason.NOT_FOUND);
    }
  }

  @Test
  void get_answers_without_changing() {
    User u = created();
    Decision<User, UserReply> d = rules.decide(u, new UserCommand.Get(UID), at(T1));
    assertThat(d.next()).isNull();
    assertThat(d.reply()).isEqualTo(new UserView(u));
  }

  @Test
  void update_profile_keeps_null_fields_and_an_empty_last_name_clears_it() {
    User u = changed(created(), new UserCommand.UpdateProfile(UID, null, null, "{\"sms\":true}"));
    assertThat(u.firstName()).isEqualTo("Asha");
    assertThat(u.lastName()).isEqualTo("Rao");
    assertThat(u.notificationPreferences()).isEqualTo("{\"sms\":true}");
    assertThat(u.modifiedAt()).isEqualTo(T1);

    User renamed = changed(u, new UserCommand.UpdateProfile(UID, "Asha K", "", null));
    assertThat(renamed.firstName()).isEqualTo("Asha K");
    assertThat(renamed.lastName()).isNull();
    assertThat(renamed.notificationPreferences()).isEqualTo("{\"sms\":true}");
    assertThat(renamed.email()).isEqualTo("asha@example.com");
  }

  @Test
  void set_password_with_a_stale_expected_hash_is_refused() {
    User u = created();
    assertThat(rejected(u, new UserCommand.SetPassword(UID, "hash-2", "hash-0"))).isEqualTo(Reason.PASSWORD_CHANGED);
    User changed = changed(u, new UserCommand.SetPassword(UID, "hash-2", "hash-1"));
    assertThat(changed.passwordHash()).isEqualTo("hash-2");
    assertThat(rejected(changed, new UserCommand.SetPassword(UID, "hash-3", "hash-1"))).isEqualTo(Reason.PASSWORD_CHANGED);
    assertThat(changed(changed, new UserCommand.SetPassword(UID, "hash-3", null)).passwordHash()).isEqualTo("hash-3");
  }

  @Test
  void a_deactivated_user_refuses_changes_but_still_answers_get() {
    User d = changed(created(), new UserCommand.Deactivate(UID));
    assertThat(d.active()).isFalse();
    List<UserCommand> changes = List.of(
        new UserCommand.UpdateProfile(UID, "A", null, null),
        new UserCommand.SetPassword(UID, "h", null),
        new UserCommand.MarkVerified(UID, false),
        new UserCommand.SaveAddress(UID, saved("a1", false, false), false),
        new UserCommand.RemoveAddress(UID, "a1"));
    for (UserCommand c : changes) {
      assertThat(rejected(d, c)).as(c.toString()).isEqualTo(Reason.DEACTIVATED);
    }
    Decision<User, UserReply> get = rules.decide(d, new UserCommand.Get(UID), at(T1));
    assertThat(get.reply()).isEqualTo(new UserView(d));
    Decision<User, UserReply> again = rules.decide(d, new UserCommand.Deactivate(UID), at(T1));
    assertThat(again.next()).isNull();
    assertThat(again.reply()).isEqualTo(new UserView(d));
  }

  @Test
  void mark_verified_sets_one_channel() {
    User u = created();
    User phone = changed(u, new UserCommand.MarkVerified(UID, false));
    assertThat(phone.phoneVerified()).isTrue();
    assertThat(phone.emailVerified()).isTrue();
    User fresh = rules.decide(User.none(UID), new UserCommand.Create(UID, REGISTRATION, false, false), at(T0)).next();
    User email = changed(fresh, new UserCommand.MarkVerified(UID, true));
    assertThat(email.emailVerified()).isTrue();
    assertThat(email.phoneVerified()).isFalse();
  }

  @Test
  void the_first_saved_address_becomes_the_default_for_both() {
    User u = changed(created(), new UserCommand.SaveAddress(UID, saved("a1", false, false), false));
    assertThat(u.addresses()).containsExactly(saved("a1", true, true));
    User second = changed(u, new UserCommand.SaveAddress(UID, saved("a2", false, false), false));
    assertThat(second.addresses()).containsExactly(saved("a1", true, true), saved("a2", false, false));
  }

  @Test
  void removing_the_default_address_makes_the_newest_remaining_one_the_default() {
    User u = changed(created(), new UserCommand.SaveAddress(UID, saved("a1", false, false), false));
    u = changed(u, new UserCommand.SaveAddress(UID, saved("a2", false, false), false));
    u = changed(u, new UserCommand.SaveAddress(UID, saved("a3", false, true), false)); // a3 ships, a1 bills
    assertThat(u.addresses()).containsExactly(saved("a1", true, false), saved("a2", false, false), saved("a3", false, true));
    User billingGone = changed(u, new UserCommand.RemoveAddress(UID, "a1"));
    assertThat(billingGone.addresses()).containsExactly(saved("a2", false, false), saved("a3", true, true));
    User notDefault = changed(u, new UserCommand.RemoveAddress(UID, "a2"));
    assertThat(notDefault.addresses()).as("defaults untouched").containsExactly(saved("a1", true, false), saved("a3", false, true));
    User last = changed(changed(billingGone, new UserCommand.RemoveAddress(UID, "a3")), new UserCommand.RemoveAddress(UID, "a2"));
    assertThat(last.addresses()).isEmpty();
    // Defaults the customer cleared stay cleared when another address goes.
    User cleared = changed(u, new UserCommand.SaveAddress(UID, saved("a1", false, false), true));
    assertThat(cleared.addresses()).containsExactly(saved("a1", false, false), saved("a2", false, false), saved("a3", false, true));
    assertThat(changed(cleared, new UserCommand.RemoveAddress(UID, "a2")).addresses())
        .containsExactly(saved("a1", false, false), saved("a3", false, true));
  }

  @Test
  void a_later_address_marked_default_takes_the_default_from_the_first() {
    User u = changed(created(), new UserCommand.SaveAddress(UID, saved("a1", false, false), false));
    User two = changed(u, new UserCommand.SaveAddress(UID, saved("a2", false, true), false));
    assertThat(two.addresses()).containsExactly(saved("a1", true, false), saved("a2", false, true));
    User three = changed(two, new UserCommand.SaveAddress(UID, saved("a3", true, false), false));
    assertThat(three.addresses()).containsExactly(saved("a1", false, false), saved("a2", false, true), saved("a3", true, false));
  }

  @Test
  void saving_the_same_address_id_again_changes_nothing() {
    User u = changed(created(), new UserCommand.SaveAddress(UID, saved("a1", false, false), false));
    Decision<User, UserReply> d = rules.decide(u, new UserCommand.SaveAddress(UID, saved("a1", false, false), false), at(T1));
    assertThat(d.next()).isNull();
    assertThat(d.reply()).isEqualTo(new UserView(u));
  }

  @Test
  void replace_changes_an_address_in_place_and_an_unknown_id_is_not_found() {
    User u = changed(created(), new UserCommand.SaveAddress(UID, saved("a1", false, false), false));
    u = changed(u, new UserCommand.SaveAddress(UID, saved("a2", false, false), false));
    User.SavedAddress moved = new User.SavedAddress(address("a2", "Mysuru"), true, false);
    User replaced = changed(u, new UserCommand.SaveAddress(UID, moved, true));
    assertThat(replaced.addresses()).containsExactly(saved("a1", false, true), moved);
    assertThat(rejected(u, new UserCommand.SaveAddress(UID, saved("nope", false, false), true))).isEqualTo(Reason.ADDRESS_NOT_FOUND);
  }

  @Test
  void at_most_max_addresses_are_saved() {
    User u = created();
    for (int i = 0; i < User.MAX_ADDRESSES; i++) {
      u = changed(u, new UserCommand.SaveAddress(UID, saved("a" + i, false, false), false));
    }
    assertThat(u.addresses()).hasSize(User.MAX_ADDRESSES);
    assertThat(rejected(u, new UserCommand.SaveAddress(UID, saved("one-more", false, false), false)))
        .isEqualTo(Reason.TOO_MANY_ADDRESSES);
    // Replacing one is still allowed when full.
    assertThat(changed(u, new UserCommand.SaveAddress(UID, saved("a3", false, false), true)).addresses())
        .hasSize(User.MAX_ADDRESSES);
  }

  @Test
  void remove_drops_the_address_and_an_unknown_id_is_not_found() {
    User u = changed(created(), new UserCommand.SaveAddress(UID, saved("a1", false, false), false));
    u = changed(u, new UserCommand.SaveAddress(UID, saved("a2", false, false), false));
    User removed = changed(u, new UserCommand.RemoveAddress(UID, "a2"));
    assertThat(removed.addresses()).containsExactly(saved("a1", true, true));
    assertThat(removed.address("a2")).isNull();
    assertThat(removed.address("a1")).isEqualTo(saved("a1", true, true));
    assertThat(rejected(removed, new UserCommand.RemoveAddress(UID, "a2"))).isEqualTo(Reason.ADDRESS_NOT_FOUND);
  }

  @Test
  void login_methods_follow_verified_channels_and_the_password() {
    User u = created();
    assertThat(u.loginMethods()).containsExactly("email", "password");
    User phoneOnly = rules.decide(User.none("u-2"),
        new UserCommand.Create("u-2", new Login.Registration("B", null, null, "9876543210", "+91", null), false, true), at(T0)).next();
    assertThat(phoneOnly.loginMethods()).containsExactly("phone");
    User all = changed(phoneOnly, new UserCommand.MarkVerified("u-2", true));
    all = changed(all, new UserCommand.SetPassword("u-2", "h", null));
    assertThat(all.loginMethods()).containsExactly("email", "phone", "password");
    assertThat(User.none("u-3").loginMethods()).isEmpty();
  }

  @Test
  void claims_carry_the_profile() {
    User u = created();
    var claims = u.claims();
    assertThat(claims.email()).isEqualTo("asha@example.com");
    assertThat(claims.firstName()).isEqualTo("Asha");
  }

  @Test
  void changing_the_email_verifies_the_new_one_and_releases_the_old_identifier_once() {
    User s = created();
    Decision<User, UserReply> d = rules.decide(s, new UserCommand.ChangeIdentifier(UID, true, "new@example.com", null), at(T1));
    assertThat(d.next().email()).isEqualTo("new@example.com");
    assertThat(d.next().emailVerified()).isTrue();
    assertThat(d.sends()).singleElement().satisfies(send -> {
      assertThat(send.kind()).isEqualTo(LoginKind.KIND);
      assertThat(send.command()).isEqualTo(new LoginCommand.Release("email:asha@example.com", UID));
    });
    Decision<User, UserReply> again = rules.decide(d.next(), new UserCommand.ChangeIdentifier(UID, true, "new@example.com", null), at(T1));
    assertThat(again.next()).as("delivered again: nothing moves").isNull();
    assertThat(again.sends()).isEmpty();
    Decision<User, UserReply> phone = rules.decide(d.next(), new UserCommand.ChangeIdentifier(UID, false, "9876543210", "+91"), at(T1));
    assertThat(phone.next().phone()).isEqualTo("9876543210");
    assertThat(phone.next().phoneVerified()).isTrue();
    assertThat(phone.sends()).as("there was no phone to release").isEmpty();
  }
}
