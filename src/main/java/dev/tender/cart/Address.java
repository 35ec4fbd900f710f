package dev.tender.cart;

/** A billing or shipping address in the Storefront API's shape; validated by the HTTP layer. */
public record Address(
    String id,
    String firstName,
    String lastName,
    String countryCode,
    String phone,
    String email,
    String addressLine1,
    String addressLine2,
    String landmark,
    String pincode,
    String city,
    String state,
    String country,
    String taxIdentificationNumber,
    String businessName,
    String nickname) {}
