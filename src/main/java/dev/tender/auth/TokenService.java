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
import java.time.Instant;
import java.util.Objects;

/**
 * Issues and verifies the access and refresh JWTs the storefront SDK decodes (user, store, expiry,
 * anonymity, profile). HS256 only: the key is registered for that algorithm alone, so {@code alg: none} or
 * any other algorithm fails verification.
 * Expiry is checked here rather than by the library, to tell an expired token (the SDK refreshes)
 * from a bad one, and so that {@code /auth/anonymous} can recognise an expired anonymous token.
 *
 * <p>Every pair belongs to a session: a refresh-token family ({@link RefreshTokenStore}), named in the
 * access token's {@code sid}. A pair is a pure function of (user, family, refresh jti, issue time, profile),
 * so a rotation answered again within the grace window yields byte-identical tokens.
 *
 * <p>Thread-safe and non-blocking; shared by the HTTP verticles.
 */
public final class TokenService {
  /** How long after a refresh token was used presenting it again returns the same successor instead of revoking. */
  public static final Duration REUSE_GRACE = Duration.ofSeconds(10);
  private static final String ALG = "HS256";

  private final JWTAuth jwt;
  private final RefreshTokenStore refreshTokens;
  private final Customers customers;
  private final Clock clock;
  private final String storeId;
  private final Duration accessTtl;
  private final Duration refreshTtl;
  private final Duration reuseGrace;
  private final RevokedSessions revoked;
  private final JWTOptions signing = new JWTOptions().setAlgorithm(ALG).setNoTimestamp(true);

  public TokenService(Vertx vertx, TenderConfig config, RefreshTokenStore refreshTokens, Customers customers, Clock clock) {
    this(vertx, config, refreshTokens, customers, clock, REUSE_GRACE);
  }

  /** As above with another grace window for reused refresh tokens ({@link Duration#ZERO}: none). */
  public TokenService(Vertx vertx, TenderConfig config, RefreshTokenStore refreshTokens, Customers customers, Clock clock,
                      Duration reuseGrace) {
    this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALG).setBuffer(config.jwtSecret()))
        .setJWTOptions(new JWTOptions().setIgnoreExpiration(true)));
    this.refreshTokens = refreshTokens;
    this.customers = customers;
    this.clock = clock;
    this.storeId = config.storeId();
    this.accessTtl = config.accessTokenTtl();
    this.refreshTtl = config.refreshTokenTtl();
    this.reuseGrace = reuseGrace;
    this.revoked = new RevokedSessions(refreshTokens, accessTtl, clock);
  }

  /** The sessions ended early, as this node knows them (to start and stop with the node). */
  public RevokedSessions revokedSessions() {
    return revoked;
  }

  /** Whether the caller's session was ended (signed out, revoked): its access token is refused although valid. */
  public boolean sessionEnded(Principal principal) {
    return revoked.ended(principal.session());
  }

  /** Seconds since the epoch by this service's clock, for callers that cache verified tokens. */
  public long nowEpochSecond() {
    return clock.instant().getEpochSecond();
  }

  /** Verifies a bearer access token: signature, type, store, expiry, and that its session was not ended. */
  public Future<Principal> verifyAccess(String token) {
    return claims(token).map(c -> {
      requireType(c, "access");
      if (!storeId.equals(string(c, "store_id"))) {
        throw new AuthFailure("UNAUTHORIZED", "token of another store");
      }
      if (expired(c)) {
        throw new AuthFailure("TOKEN_EXPIRED", "access token expired");
      }
      Principal p = principal(c);
      if (sessionEnded(p)) {
        throw sessionEndedFailure();
      }
      return p;
    });
  }

  /** What a token of an ended session is answered. */
  public static AuthFailure sessionEndedFailure() {
    return new AuthFailure("UNAUTHORIZED", "the session has ended; sign in again or ask for an anonymous token");
  }

  /**
   * A fresh anonymous session (a new family). The user id of {@code previousAccessToken} is kept, so the
   * shopper's cart survives, only if that token is validly signed (expired is fine), anonymous, of this store,
   * its session ({@code sid}) is neither revoked nor past its refresh tokens' lifetime, and the id has not
   * since become a registered customer's. Otherwise (also when null) the session gets a new user id.
   * Fails only if the store or {@link Customers} cannot answer, rather than silently orphaning a cart.
   */
  public Future<TokenPair> anonymous(String previousAccessToken) {
    Future<JsonObject> previous = previousAccessToken == null ? Future.succeededFuture(null)
        : claims(previousAccessToken).otherwise((JsonObject) null);
    return previous.compose(this::resumableUser).compose(userId -> issue(userId != null ? userId : newId(), null));
  }

  /**
   * A signed-in session for a registered customer: a new family, access claims {@code is_logged_in: true} with
   * the profile. The caller has checked the credentials. Fails with AuthFailure UNAUTHORIZED if the account is inactive.
   */
  public Future<TokenPair> signIn(CustomerClaims customer) {
    Objects.requireNonNull(customer.userId(), "customer.userId");
    if (!customer.active()) {
      return Future.failedFuture(new AuthFailure("UNAUTHORIZED", "customer account is inactive"));
    }
    return issue(customer.userId(), customer);
  }

  /**
   * Rotates a refresh token: the old one is spent, a new pair is issued in the same family, with the
   * profile as {@link Customers} gives it now (null: anonymous claims). Fails with AuthFailure
   * INVALID_REFRESH_TOKEN if the token is bad, expired, revoked or reused (reuse outside the grace window
   * revokes its family), or if the customer is inactive (that family is revoked too). Presented again within
   * the grace window, the token yields the same pair as the first time.
   */
  public Future<TokenPair> refresh(String refreshToken) {
    return claims(refreshToken)
        .recover(e -> Future.failedFuture(invalidRefresh("invalid refresh token")))
        .compose(c -> {
          String jti = string(c, "jti");
          if (!"refresh".equals(string(c, "token_type")) || jti == null || expired(c)
              || !storeId.equals(string(c, "store_id"))) {
            return Future.failedFuture(invalidRefresh("invalid or expired refresh token"));
          }
          String userId = c.getString("ulid");
          // The profile first: if Customers cannot answer, the token is not spent and the client may retry.
          return claimsOf(userId).compose(customer -> {
            long iat = nowEpochSecond();
            return refreshTokens.rotate(jti, newId(), Instant.ofEpochSecond(iat), Instant.ofEpochSecond(iat + refreshTtl.toSeconds()),
                    reuseGrace)
                // A refusal may have revoked the family (a token used twice): its access tokens end here too.
                .recover(e -> e instanceof RefreshTokenStore.RefreshRefused
                    ? revoked.refresh().transform(x -> Future.failedFuture(invalidRefresh(e.getMessage())))
                    : Future.failedFuture(e))
                .compose(r -> {
                  if (!userId.equals(r.userId())) { // only a leaked signing key could get here
                    return revokeAndRefuse(r.family(), "refresh token of another user");
                  }
                  if (customer != null && !customer.active()) {
                    return revokeAndRefuse(r.family(), "customer account is inactive");
                  }
                  return Future.succeededFuture(pair(userId, r.family(), r.jti(), r.issuedAt().getEpochSecond(),
                      r.expiresAt().getEpochSecond(), customer));
                });
          });
        });
  }

  private Future<TokenPair> revokeAndRefuse(String family, String why) {
    return revokeSession(family).compose(v -> Future.failedFuture(invalidRefresh(why)));
  }

  /**
   * Revokes every session (refresh family) of {@code userId} except {@code exceptFamily} (null: all), e.g. after a
   * password change. Their access tokens are refused from the answer on here, and within {@link RevokedSessions#POLL}
   * on the other nodes.
   */
  public Future<Void> revokeSessions(String userId, String exceptFamily) {
    // Which families that was, the store knows: read it now (the revocation stands even if this read fails).
    return refreshTokens.revokeUser(Objects.requireNonNull(userId, "userId"), exceptFamily)
        .compose(v -> revoked.refresh().otherwiseEmpty());
  }

  /** Revokes one session (refresh family), e.g. the anonymous one a registration turned into a customer's. */
  public Future<Void> revokeSession(String family) {
    return refreshTokens.revokeFamily(Objects.requireNonNull(family, "family")).onSuccess(v -> revoked.add(family));
  }

  /**
   * Ends {@code principal}'s session (its refresh family is revoked) and returns a fresh anonymous pair with a
   * new user id, so the signed-out browser no longer shares the customer's cart. The old access token is
   * refused from then on (on other nodes within {@link RevokedSessions#POLL}).
   */
  public Future<TokenPair> signOut(Principal principal) {
    Future<Void> ended = principal.session() == null ? Future.succeededFuture()
        : revokeSession(principal.session());
    return ended.compose(v -> issue(newId(), null));
  }

  /** The user id an anonymous re-issue may keep, or null. */
  private Future<String> resumableUser(JsonObject c) {
    if (c == null || !"access".equals(string(c, "token_type")) || !Boolean.TRUE.equals(c.getValue("is_anonymous"))
        || !storeId.equals(string(c, "store_id")) || !(c.getValue("sid") instanceof String sid)) {
      return Future.succeededFuture(null);
    }
    String userId = c.getString("ulid");
    return refreshTokens.familyAlive(sid, clock.instant())
        .compose(alive -> !alive ? Future.succeededFuture(null) : claimsOf(userId).map(customer -> customer == null ? userId : null));
  }

  private Future<CustomerClaims> claimsOf(String userId) {
    try {
      return customers.claimsOf(userId);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** The first pair of a new family. */
  private Future<TokenPair> issue(String userId, CustomerClaims customer) {
    String family = newId();
    String jti = newId();
    long iat = nowEpochSecond();
    long exp = iat + refreshTtl.toSeconds();
    return refreshTokens.issue(jti, family, userId, Instant.ofEpochSecond(iat), Instant.ofEpochSecond(exp))
        .map(v -> pair(userId, family, jti, iat, exp, customer));
  }

  /**
   * Deterministic: the access jti derives from the refresh jti and both carry {@code iat}, so the same inputs
   * sign to the same strings (HS256 has no randomness). Claims are inserted in a fixed order for the same reason.
   */
  private TokenPair pair(String userId, String family, String refreshJti, long iat, long refreshExp, CustomerClaims customer) {
    long accessExp = iat + accessTtl.toSeconds();
    boolean anonymous = customer == null;
    JsonObject access = new JsonObject()
        .put("ulid", userId)
        .put("sub", userId)
        .put("iat", iat)
        .put("exp", accessExp)
        .put("jti", refreshJti + "a") // 27 chars: never equal to a 26-char refresh jti
        .put("sid", family)
        .put("token_type", "access")
        .put("is_anonymous", anonymous)
        .put("is_logged_in", !anonymous)
        .put("customer_id", anonymous ? null : customer.customerId())
        .put("customer_group_id", anonymous ? null : customer.customerGroupId())
        .put("anonymous_id", userId)
        .put("store_id", storeId)
        .put("email", anonymous ? null : customer.email())
        .put("phone", anonymous ? null : customer.phone())
        .put("username", null)
        .put("first_name", anonymous ? null : customer.firstName())
        .put("last_name", anonymous ? null : customer.lastName());
    JsonObject refresh = new JsonObject()
        .put("ulid", userId)
        .put("store_id", storeId)
        .put("token_type", "refresh")
        .put("iat", iat)
        .put("exp", refreshExp)
        .put("jti", refreshJti);
    return new TokenPair(jwt.generateToken(access, signing), jwt.generateToken(refresh, signing),
        new Principal(userId, anonymous, !anonymous, access.getString("customer_id"), access.getString("customer_group_id"),
            accessExp, family));
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
          if (c == null || !(c.getValue("ulid") instanceof String) || !(c.getValue("exp") instanceof Number)) {
            throw new AuthFailure("UNAUTHORIZED", "token lacks required claims");
          }
          return c;
        });
  }

  private boolean expired(JsonObject claims) {
    return claims.getLong("exp") <= nowEpochSecond();
  }

  private static void requireType(JsonObject claims, String type) {
    if (!type.equals(string(claims, "token_type"))) {
      throw new AuthFailure("UNAUTHORIZED", "not an " + type + " token");
    }
  }

  /** A string claim, or null if absent or not a string (a signed token is still not trusted to be well-typed). */
  private static String string(JsonObject claims, String name) {
    return claims.getValue(name) instanceof String s ? s : null;
  }

  private static AuthFailure invalidRefresh(String message) {
    return new AuthFailure("INVALID_REFRESH_TOKEN", message);
  }

  private static Principal principal(JsonObject c) {
    return new Principal(c.getString("ulid"), c.getBoolean("is_anonymous", true), c.getBoolean("is_logged_in", false),
        c.getString("customer_id"), c.getString("customer_group_id"), c.getLong("exp"),
        c.getValue("sid") instanceof String sid ? sid : null);
  }

  private static String newId() {
    return UlidCreator.getUlid().toString();
  }
}
