package dev.tender.account;

/** Commands to one customer, addressed by user id. */
public sealed interface UserCommand {
  String userId();

  sealed interface Mutation extends UserCommand {}

  /** Sent by the login kind's outbox when a registration is verified; creating an existing user answers it as it is. */
  record Create(String userId, Login.Registration registration, boolean emailVerified, boolean phoneVerified) implements Mutation {}

  record Get(String userId) implements UserCommand {}

  /** Null fields stay as they are; an empty last name clears it. */
  record UpdateProfile(String userId, String firstName, String lastName, String notificationPreferences) implements Mutation {}

  /**
   * Replaces the password hash. With {@code expectedCurrent} only if the stored hash is still that one
   * (a rehash or a password change racing another change loses rather than overwrites).
   */
  record SetPassword(String userId, String passwordHash, String expectedCurrent) implements Mutation {}

  record Deactivate(String userId) implements Mutation {}

  /** An OTP to this email (or phone) proved the customer holds it. */
  record MarkVerified(String userId, boolean email) implements Mutation {}

  /**
   * The customer proved they hold a new email (or phone, with its country code): it replaces the old one,
   * verified, and the old identifier is released through the outbox so it can sign nobody in.
   */
  record ChangeIdentifier(String userId, boolean email, String value, String countryCode) implements Mutation {}

  /** Adds ({@code replace} false) or replaces an address by its id. */
  record SaveAddress(String userId, User.SavedAddress address, boolean replace) implements Mutation {}

  record RemoveAddress(String userId, String addressId) implements Mutation {}
}
