package dev.tender.auth;

/**
 * A credential was missing, malformed, forged, expired or revoked. Expected, so stackless.
 *
 * @param code the API error code: UNAUTHORIZED, TOKEN_EXPIRED or INVALID_REFRESH_TOKEN
 */
public final class AuthFailure extends RuntimeException {
  private final String code;

  public AuthFailure(String code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
