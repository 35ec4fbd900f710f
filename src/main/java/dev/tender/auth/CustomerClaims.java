package dev.tender.auth;

/**
 * The profile claims of a registered customer, as they go into a signed-in access token.
 *
 * @param userId the customer's user id (the JWT {@code ulid}/{@code sub}; also the cart owner)
 * @param active false for a disabled account: it may not sign in and its refresh tokens are refused
 */
public record CustomerClaims(String userId, String customerId, String customerGroupId, String email, String phone,
                             String firstName, String lastName, boolean active) {}
