package dev.tender.account;

import dev.tender.cart.Address;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A registered customer, keyed by user id: the id the shopper had while anonymous, so a registration
 * keeps their cart, wishlist and balances without moving anything. The password hash never leaves the
 * account package's routes.
 *
 * @param notificationPreferences the storefront's JSON object, kept as given (bounded by the routes)
 */
public record User(String id, String firstName, String lastName, String email, boolean emailVerified, String phone,
                   String countryCode, boolean phoneVerified, String notificationPreferences, String customerGroupId,
                   String passwordHash, boolean active, Instant createdAt, Instant modifiedAt, List<SavedAddress> addresses) {
  public static final int MAX_ADDRESSES = 20;

  public record SavedAddress(Address address, boolean defaultBilling, boolean defaultShipping) {
    public String id() {
      return address.id();
    }
  }

  public static User none(String id) {
    return new User(id, null, null, null, false, null, null, false, null, null, null, false, null, null, List.of());
  }

  public boolean exists() {
    return createdAt != null;
  }

  /** How this customer can sign in, in the API's words. */
  public List<String> loginMethods() {
    List<String> m = new ArrayList<>();
    if (emailVerified) {
      m.add("email");
    }
    if (phoneVerified) {
      m.add("phone");
    }
    if (passwordHash != null) {
      m.add("password");
    }
    return m;
  }

  /** The sign-in identifier of the customer's email ({@code email} true) or phone, or null if they have none. */
  public LoginId loginId(boolean email) {
    return email ? (this.email == null ? null : LoginId.email(this.email)) : (phone == null ? null : LoginId.phone(countryCode, phone));
  }

  /** What the customer's access tokens say about them. */
  public dev.tender.auth.CustomerClaims claims() {
    return new dev.tender.auth.CustomerClaims(id, id, customerGroupId, email, phone, firstName, lastName, active);
  }

  public SavedAddress address(String addressId) {
    return addresses.stream().filter(a -> a.id().equals(addressId)).findFirst().orElse(null);
  }

  User with(String first, String last, String prefs, Instant now) {
    return new User(id, first, last, email, emailVerified, phone, countryCode, phoneVerified, prefs, customerGroupId, passwordHash,
        active, createdAt, now, addresses);
  }

  User withPassword(String hash, Instant now) {
    return new User(id, firstName, lastName, email, emailVerified, phone, countryCode, phoneVerified, notificationPreferences,
        customerGroupId, hash, active, createdAt, now, addresses);
  }

  User deactivated(Instant now) {
    return new User(id, firstName, lastName, email, emailVerified, phone, countryCode, phoneVerified, notificationPreferences,
        customerGroupId, passwordHash, false, createdAt, now, addresses);
  }

  User verified(boolean emailChannel, Instant now) {
    return new User(id, firstName, lastName, email, emailVerified || emailChannel, phone, countryCode, phoneVerified || !emailChannel,
        notificationPreferences, customerGroupId, passwordHash, active, createdAt, now, addresses);
  }

  User withIdentifier(boolean emailChannel, String value, String code, Instant now) {
    return emailChannel
        ? new User(id, firstName, lastName, value, true, phone, countryCode, phoneVerified, notificationPreferences, customerGroupId,
            passwordHash, active, createdAt, now, addresses)
        : new User(id, firstName, lastName, email, emailVerified, value, code, true, notificationPreferences, customerGroupId,
            passwordHash, active, createdAt, now, addresses);
  }

  User withAddresses(List<SavedAddress> next, Instant now) {
    return new User(id, firstName, lastName, email, emailVerified, phone, countryCode, phoneVerified, notificationPreferences,
        customerGroupId, passwordHash, active, createdAt, now, List.copyOf(next));
  }
}
