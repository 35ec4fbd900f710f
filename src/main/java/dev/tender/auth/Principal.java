package dev.tender.auth;

/**
 * Who is calling, as the verified access token says.
 *
 * @param expiresAt the token's {@code exp}, epoch seconds
 * @param session the refresh-token family the token was issued in (claim {@code sid}); what sign-out revokes.
 *     Null only for tokens issued before sessions were recorded.
 */
public record Principal(String userId, boolean anonymous, boolean loggedIn, String customerId, String customerGroupId,
                        long expiresAt, String session) {}
