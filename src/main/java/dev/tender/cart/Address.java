package dev.tender.cart;

/** A billing or shipping address as API.md §3.2 defines it; validated by the HTTP layer. */
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
