package dev.tender.auth;

/** An access JWT and its refresh JWT, as the auth routes return them. */
public record TokenPair(String accessToken, String refreshToken, Principal principal) {}
