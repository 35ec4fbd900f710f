package dev.tender.auth;

/**
 * Who is calling, as the verified access token says.
 *
 * @param expiresAt the token's {@code exp}, epoch seconds
 */
public record Principal(String userId, boolean anonymous, boolean loggedIn, String customerId, String customerGroupId,
                        long expiresAt) {}
