package dev.tender.auth;

/** Who is calling, as the verified access token says. */
public record Principal(String userId, boolean anonymous, boolean loggedIn, String customerId, String customerGroupId) {}
