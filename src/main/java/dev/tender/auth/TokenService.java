package dev.tender.auth;

import com.github.f4b6a3.ulid.UlidCreator;
import dev.tender.config.TenderConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.time.Clock;
import java.time.Duration;

/**
 * Issues and verifies the access and refresh JWTs the storefront SDK decodes (user, store, expiry,
 * anonymity). HS256 only: the key is registered for that algorithm alone, so {@code alg: none} or any
 * other algorithm fails verification.
 * Expiry is checked here rather than by the library, to tell an expired token (the SDK refreshes)
 * from a bad one, and so that {@code /auth/anonymous} can recognise an expired anonymous token.
 * Thread-safe; shared by the HTTP verticles.
 */
public final class TokenService {
  private static final String ALG = "HS256";

  private final JWTAuth jwt;
  private final RefreshTokenStore refreshTokens;
  private final Clock clock;
  private final String storeId;
  private final Duration accessTtl;
  private final Duration refreshTtl;
  private final JWTOptions signing = new JWTOptions().setAlgorithm(ALG).setNoTimestamp(true);

  public TokenService(Vertx vertx, TenderConfig config, RefreshTokenStore refreshTokens, Clock clock) {
    this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALG).setBuffer(config.jwtSecret()))
        .setJWTOptions(new JWTOptions().setIgnoreExpiration(true)));
    this.refreshTokens = refreshTokens;
    this.clock = clock;
    this.storeId = config.storeId();
    this.accessTtl = config.accessTokenTtl();
    this.refreshTtl = config.refreshTokenTtl();
  }

  /** Seconds since the epoch by this service's clock, for callers that cache verified tokens. */
  public long nowEpochSecond() {
    return clock.instant().getEpochSecond();
  }

  /** Verifies a bearer access token: signature, type and expiry. */
  public Future<Principal> verifyAccess(String token) {
    return claims(token).map(c -> {
      requireType(c, "access");
      if (!storeId.equals(c.getString("store_id"))) {
        throw new AuthFailure("UNAUTHORIZED", "token of another store");
      }
      if (expired(c)) {
        throw new AuthFailure("TOKEN_EXPIRED", "access token expired");
      }
      return principal(c);
    });
  }

  /**
   * A fresh anonymous session. If {@code previousAccessToken} is validly signed and anonymous,
   * even if expired, the same user id is kept so the shopper's cart survives.
   */
  public Future<TokenPair> anonymous(String previousAccessToken) {
    if (previousAccessToken == null) {
      return issue(newUserId());
    }
    return claims(previousAccessToken)
        .map(c -> "access".equals(c.getString("token_type")) && c.getBoolean("is_anonymous", true)
            ? c.getString("ulid") : newUserId())
        .otherwise(newUserId())
        .compose(this::issue);
  }

  /** Rotates a refresh token: the old one is spent, a new pair is issued in the same family. */
  public Future<TokenPair> refresh(String refreshToken) {
    return claims(refreshToken)
        .recover(e -> Future.failedFuture(new AuthFailure("INVALID_REFRESH_TOKEN", "invalid refresh token")))
        .compose(c -> {
          if (!"refresh".equals(c.getString("token_type")) || expired(c) || !storeId.equals(c.getString("store_id"))) {
            return Future.failedFuture(new AuthFailure("INVALID_REFRESH_TOKEN", "invalid or expired refresh token"));
          }
          String userId = c.getString("ulid");
          String nextJti = newJti();
          long now = clock.instant().getEpochSecond();
          return refreshTokens.rotate(c.getString("jti"), nextJti, clock.instant().plus(refreshTtl))
              .recover(e -> Future.failedFuture(e instanceof RefreshTokenStore.RefreshRefused
                  ? new AuthFailure("INVALID_REFRESH_TOKEN", e.getMessage()) : e))
              // Every user is anonymous until login lands; then the user store supplies the claims.
              .map(v -> pair(userId, now, nextJti));
        });
  }

  private Future<TokenPair> issue(String userId) {
    String jti = newJti();
    return refreshTokens.issue(jti, newJti(), userId, clock.instant().plus(refreshTtl))
        .map(v -> pair(userId, clock.instant().getEpochSecond(), jti));
  }

  private TokenPair pair(String userId, long now, String refreshJti) {
    JsonObject access = new JsonObject()
        .put("ulid", userId)
        .put("sub", userId)
        .put("iat", now)
        .put("exp", now + accessTtl.toSeconds())
        .put("jti", newJti())
        .put("token_type", "access")
        .put("is_anonymous", true)
        .put("is_logged_in", false)
        .put("customer_id", null)
        .put("customer_group_id", null)
        .put("anonymous_id", userId)
        .put("store_id", storeId)
        .put("email", null)
        .put("phone", null)
        .put("username", null)
        .put("first_name", null)
        .put("last_name", null);
    JsonObject refresh = new JsonObject()
        .put("ulid", userId)
        .put("store_id", storeId)
        .put("token_type", "refresh")
        .put("iat", now)
        .put("exp", now + refreshTtl.toSeconds())
        .put("jti", refreshJti);
    return new TokenPair(jwt.generateToken(access, signing), jwt.generateToken(refresh, signing),
        new Principal(userId, true, false, null, null, now + accessTtl.toSeconds()));
  }

  /** Signature-checked claims, expiry not yet checked. */
  private Future<JsonObject> claims(String token) {
    if (token == null || token.isEmpty()) {
      return Future.failedFuture(new AuthFailure("UNAUTHORIZED", "missing token"));
    }
    return jwt.authenticate(new TokenCredentials(token))
        .recover(e -> Future.failedFuture(new AuthFailure("UNAUTHORIZED", "invalid token")))
        .map(user -> {
          JsonObject c = user.attributes().getJsonObject("accessToken");
          if (c == null || c.getString("ulid") == null || !(c.getValue("exp") instanceof Number)) {
            throw new AuthFailure("UNAUTHORIZED", "token lacks required claims");
          }
          return c;
        });
  }

  private boolean expired(JsonObject claims) {
    return claims.getLong("exp") <= clock.instant().getEpochSecond();
  }

  private static void requireType(JsonObject claims, String type) {
    if (!type.equals(claims.getString("token_type"))) {
      throw new AuthFailure("UNAUTHORIZED", "not an " + type + " token");
    }
  }

  private static Principal principal(JsonObject c) {
    return new Principal(c.getString("ulid"), c.getBoolean("is_anonymous", true), c.getBoolean("is_logged_in", false),
        c.getString("customer_id"), c.getString("customer_group_id"), c.getLong("exp"));
  }

  private static String newUserId() {
    return UlidCreator.getUlid().toString();
  }

  private static String newJti() {
    return UlidCreator.getUlid().toString();
  }
}
