package dev.tender.http;

import dev.tender.account.User;
import dev.tender.cart.Address;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Customers and their saved addresses in the Storefront API's shapes (User, AnonymousUser, CustomerAddress). */
final class AccountJson {
  private AccountJson() {}

  /** What a customer gets until they say otherwise: transactional messages on, marketing off. */
  static final JsonObject DEFAULT_NOTIFICATIONS = new JsonObject()
      .put("transactional", new JsonObject().put("email", true).put("sms", true).put("whatsapp", true))
      .put("promotional", new JsonObject().put("email", false).put("sms", false).put("whatsapp", false))
      .put("newsletter", new JsonObject().put("email", false).put("sms", false).put("whatsapp", false));

  static JsonObject user(User u) {
    return new JsonObject()
        .put("id", u.id())
        .put("first_name", u.firstName())
        .put("last_name", u.lastName())
        .put("email", u.email())
        .put("is_email_verified", u.emailVerified())
        .put("phone", u.phone())
        .put("country_code", u.countryCode())
        .put("is_phone_verified", u.phoneVerified())
        .put("profile_image_url", null)
        .put("is_anonymous", false)
        .put("is_logged_in", true)
        .put("is_active", u.active())
        .put("login_methods", new JsonArray(u.loginMethods()))
        .put("notification_preferences", u.notificationPreferences() == null ? DEFAULT_NOTIFICATIONS.copy()
            : new JsonObject(u.notificationPreferences()))
        .put("customer_group_id", u.customerGroupId())
        .put("customer_id", u.id())
        .put("customer_group", null)
        .put("business", null)
        .put("created_at", u.createdAt().toString())
        .put("modified_at", u.modifiedAt().toString());
  }

  static JsonObject anonymousUser(String id) {
    return new JsonObject()
        .put("id", id)
        .put("is_anonymous", true)
        .put("is_logged_in", false)
        .put("first_name", null).put("last_name", null).put("phone", null).put("email", null)
        .put("is_email_verified", false).put("is_phone_verified", false).put("profile_image_url", null);
  }

  static JsonObject address(User.SavedAddress saved) {
    Address a = saved.address();
    return new JsonObject()
        .put("id", a.id())
        .put("first_name", a.firstName())
        .put("last_name", a.lastName())
        .put("country_code", a.countryCode())
        .put("phone", a.phone())
        .put("email", a.email())
        .put("address_line1", a.addressLine1())
        .put("address_line2", a.addressLine2())
        .put("landmark", a.landmark())
        .put("pincode", a.pincode())
        .put("city", a.city())
        .put("state", a.state())
        .put("country", a.country())
        .put("tax_identification_number", a.taxIdentificationNumber())
        .put("business_name", a.businessName())
        .put("nickname", a.nickname())
        .put("is_default_billing", saved.defaultBilling())
        .put("is_default_shipping", saved.defaultShipping())
        .put("is_phone_verified", false)
        .put("is_email_verified", false);
  }
}
