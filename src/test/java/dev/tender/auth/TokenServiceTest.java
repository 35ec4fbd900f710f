package dev.tender.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tender.config.TenderConfig;
import dev.tender.store.InMemoryRefreshTokenStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sessions, rotation and profile claims over the in-memory store, on a clock the test moves. */
class TokenServiceTest {
  private static final String SECRET = "a-test-secret-that-is-long-enough-for-hs256";
  private static Vertx vertx;
  private static TenderConfig config;

  /** A clock that stands still until the test moves it. */
  static final class TestClock extends Clock {
    private volatile Instant now = Instant.parse("2030-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  private final Map<String, CustomerClaims> registered = new ConcurrentHashMap<>();
  private TestClock clock;
  private RefreshTokenStore store;
  private TokenService tokens;

  @BeforeAll
  static void startVertx() throws Exception {
    vertx = Vertx.vertx();
    config = await(TenderConfig.load(vertx, Map.of("TENDER_JWT_SECRET", SECRET)));
  }

  @AfterAll
  static void stopVertx() throws Exception {
    await(vertx.close());
  }

  @BeforeEach
  void fresh() {
    clock = new TestClock();
    store = new InMemoryRefreshTokenStore(clock);
    tokens = new TokenService(vertx, config, store, userId -> Future.succeededFuture(registered.get(userId)), clock);
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  static JsonObject claims(String jwt) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
  }

  private static void assertRefused(Future<?> f, String code) {
    assertThatThrownBy(() -> await(f)).isInstanceOf(ExecutionException.class).cause()
        .isInstanceOf(AuthFailure.class).satisfies(e -> assertThat(((AuthFailure) e).code()).isEqualTo(code));
  }

  private CustomerClaims customer(String userId, boolean active) {
    CustomerClaims c = new CustomerClaims(userId, "cus-" + userId, "grp-1", userId + "@example.com", "+919800000000",
        "Asha", "Rao", active);
    registered.put(userId, c);
    return c;
  }

  @Test
  void a_signed_out_or_revoked_session_ends_its_access_tokens_here_and_elsewhere_once_read() throws Exception {
    TokenPair a = await(tokens.signIn(customer("u7", true)));
    TokenPair b = await(tokens.signIn(customer("u7", true)));
    TokenPair c = await(tokens.signIn(customer("u7", true)));
    Principal pa = await(tokens.verifyAccess(a.accessToken()));
    Principal pb = await(tokens.verifyAccess(b.accessToken()));
    Principal pc = await(tokens.verifyAccess(c.accessToken()));
    // Another node: the same store, its own memory of ended sessions.
    TokenService elsewhere = new TokenService(vertx, config, store, userId -> Future.succeededFuture(registered.get(userId)), clock);
    await(elsewhere.revokedSessions().refresh());

    await(tokens.signOut(pa));
    assertThat(tokens.sessionEnded(pa)).as("on the node that signed out, at once").isTrue();
    assertThat(tokens.sessionEnded(pb)).isFalse();
    assertThat(elsewhere.sessionEnded(pa)).as("elsewhere, not before it reads").isFalse();
    await(elsewhere.revokedSessions().refresh());
    assertThat(elsewhere.sessionEnded(pa)).isTrue();

    await(tokens.revokeSessions("u7", pc.session())); // "everywhere else", as a password change does
    assertThat(tokens.sessionEnded(pb)).isTrue();
    assertThat(tokens.sessionEnded(pc)).as("the session kept").isFalse();

    // Remembered for an access token's lifetime (and a margin for clocks): by then its tokens have expired anyway.
    clock.advance(config.accessTokenTtl().plus(RevokedSessions.CLOCK_MARGIN).plusSeconds(1));
    await(tokens.revokedSessions().refresh());
    assertThat(tokens.sessionEnded(pa)).isFalse();
    assertRefused(tokens.verifyAccess(a.accessToken()), "TOKEN_EXPIRED");
  }

  @Test
  void a_refresh_token_used_twice_ends_its_sessions_access_tokens_too() throws Exception {
    TokenService strict = new TokenService(vertx, config, store, userId -> Future.succeededFuture(registered.get(userId)), clock,
        Duration.ZERO);
    TokenPair first = await(strict.signIn(customer("u8", true)));
    Principal p = await(strict.verifyAccess(first.accessToken()));
    await(strict.refresh(first.refreshToken()));
    assertThat(strict.sessionEnded(p)).isFalse();
    assertRefused(strict.refresh(first.refreshToken()), "INVALID_REFRESH_TOKEN");
    assertThat(strict.sessionEnded(p)).as("stolen: every token of the session ends").isTrue();
  }

  @Test
  void sign_in_issues_logged_in_claims_in_a_new_session() throws Exception {
    TokenPair pair = await(tokens.signIn(customer("u1", true)));
    JsonObject access = claims(pair.accessToken());
    assertThat(access.getBoolean("is_anonymous")).isFalse();
    assertThat(access.getBoolean("is_logged_in")).isTrue();
    assertThat(access.getString("ulid")).isEqualTo("u1").isEqualTo(access.getString("sub")).isEqualTo(access.getString("anonymous_id"));
    assertThat(access.getString("customer_id")).isEqualTo("cus-u1");
    assertThat(access.getString("customer_group_id")).isEqualTo("grp-1");
    assertThat(access.getString("email")).isEqualTo("u1@example.com");
    assertThat(access.getString("phone")).isEqualTo("+919800000000");
    assertThat(access.getString("first_name")).isEqualTo("Asha");
    assertThat(access.getString("last_name")).isEqualTo("Rao");
    assertThat(access.getString("sid")).isNotBlank().isEqualTo(pair.principal().session());

    Principal p = await(tokens.verifyAccess(pair.accessToken()));
    assertThat(p).isEqualTo(pair.principal());
    assertThat(p.loggedIn()).isTrue();
    assertThat(p.anonymous()).isFalse();
    assertThat(p.customerId()).isEqualTo("cus-u1");

    TokenPair second = await(tokens.signIn(registered.get("u1")));
    assertThat(second.principal().session()).isNotEqualTo(pair.principal().session());
  }

  @Test
  void an_inactive_customer_cannot_sign_in() {
    assertRefused(tokens.signIn(customer("u1", false)), "UNAUTHORIZED");
  }

  @Test
  void refresh_of_a_customer_yields_logged_in_claims_as_the_profile_is_now() throws Exception {
    TokenPair pair = await(tokens.signIn(customer("u1", true)));
    registered.put("u1", new CustomerClaims("u1", "cus-u1", "grp-2", "new@example.com", null, "Asha", "Rao", true));
    clock.advance(Duration.ofMinutes(29));
    TokenPair next = await(tokens.refresh(pair.refreshToken()));
    JsonObject access = claims(next.accessToken());
    assertThat(access.getBoolean("is_logged_in")).isTrue();
    assertThat(access.getString("customer_group_id")).isEqualTo("grp-2");
    assertThat(access.getString("email")).isEqualTo("new@example.com");
    assertThat(access.getString("sid")).isEqualTo(pair.principal().session());
    assertThat(next.principal().customerGroupId()).isEqualTo("grp-2");
  }

  @Test
  void refresh_of_an_anonymous_user_stays_anonymous() throws Exception {
    TokenPair pair = await(tokens.anonymous(null));
    TokenPair next = await(tokens.refresh(pair.refreshToken()));
    assertThat(claims(next.accessToken()).getBoolean("is_anonymous")).isTrue();
    assertThat(next.principal().userId()).isEqualTo(pair.principal().userId());
    assertThat(next.principal().session()).isEqualTo(pair.principal().session());
  }

  @Test
  void an_inactive_customer_is_refused_at_refresh_and_the_session_revoked() throws Exception {
    TokenPair pair = await(tokens.signIn(customer("u1", true)));
    customer("u1", false);
    assertRefused(tokens.refresh(pair.refreshToken()), "INVALID_REFRESH_TOKEN");
    customer("u1", true); // reactivated: the old session stays dead
    assertRefused(tokens.refresh(pair.refreshToken()), "INVALID_REFRESH_TOKEN");
    assertThat(await(store.familyAlive(pair.principal().session(), clock.instant()))).isFalse();
  }

  @Test
  void two_tabs_refreshing_within_the_grace_window_get_the_same_pair() throws Exception {
    TokenPair pair = await(tokens.anonymous(null));
    clock.advance(Duration.ofMinutes(30));
    TokenPair first = await(tokens.refresh(pair.refreshToken()));
    clock.advance(Duration.ofSeconds(3));
    TokenPair second = await(tokens.refresh(pair.refreshToken()));
    assertThat(second.accessToken()).isEqualTo(first.accessToken());
    assertThat(second.refreshToken()).isEqualTo(first.refreshToken());
    assertThat(second.principal()).isEqualTo(first.principal());
    // The shared successor still works.
    await(tokens.refresh(first.refreshToken()));
  }

  @Test
  void reuse_after_the_grace_window_revokes_the_session() throws Exception {
    TokenPair pair = await(tokens.anonymous(null));
    TokenPair next = await(tokens.refresh(pair.refreshToken()));
    clock.advance(TokenService.REUSE_GRACE.plusSeconds(1));
    assertRefused(tokens.refresh(pair.refreshToken()), "INVALID_REFRESH_TOKEN");
    assertRefused(tokens.refresh(next.refreshToken()), "INVALID_REFRESH_TOKEN");
  }

  @Test
  void anonymous_reissue_keeps_the_user_while_the_session_lives() throws Exception {
    TokenPair pair = await(tokens.anonymous(null));
    String user = pair.principal().userId();
    clock.advance(Duration.ofHours(2)); // the access token has expired; the session has not
    TokenPair again = await(tokens.anonymous(pair.accessToken()));
    assertThat(again.principal().userId()).isEqualTo(user);
    assertThat(again.principal().session()).isNotEqualTo(pair.principal().session());

    clock.advance(config.refreshTokenTtl().minusMinutes(1)); // the first session's tokens have expired, not the second's
    assertThat(await(tokens.anonymous(pair.accessToken())).principal().userId()).isNotEqualTo(user);
    assertThat(await(tokens.anonymous(again.accessToken())).principal().userId()).isEqualTo(user);
  }

  @Test
  void anonymous_reissue_takes_a_new_user_after_revocation_or_registration() throws Exception {
    TokenPair pair = await(tokens.anonymous(null));
    String user = pair.principal().userId();
    await(tokens.revokeSessions(user, null));
    assertThat(await(tokens.anonymous(pair.accessToken())).principal().userId()).isNotEqualTo(user);

    TokenPair other = await(tokens.anonymous(null));
    customer(other.principal().userId(), true); // the shopper registered under that id
    assertThat(await(tokens.anonymous(other.accessToken())).principal().userId()).isNotEqualTo(other.principal().userId());
  }

  @Test
  void anonymous_reissue_takes_a_new_user_for_customers_foreign_and_sessionless_tokens() throws Exception {
    TokenPair signedIn = await(tokens.signIn(customer("u1", true)));
    assertThat(await(tokens.anonymous(signedIn.accessToken())).principal().userId()).isNotEqualTo("u1");
    assertThat(await(tokens.anonymous(signedIn.refreshToken())).principal().userId()).isNotEqualTo("u1");

    TokenPair pair = await(tokens.anonymous(null));
    JsonObject sessionless = claims(pair.accessToken());
    sessionless.remove("sid");
    assertThat(await(tokens.anonymous(sign(SECRET, sessionless))).principal().userId()).isNotEqualTo(pair.principal().userId());
    JsonObject same = claims(pair.accessToken());
    assertThat(await(tokens.anonymous(sign(SECRET, same))).principal().userId()).isEqualTo(pair.principal().userId());
    assertThat(await(tokens.anonymous(sign("some-other-secret-that-is-long-enough-too", same))).principal().userId())
        .isNotEqualTo(pair.principal().userId());
    assertThat(await(tokens.anonymous("not-a-jwt")).principal().userId()).isNotEqualTo(pair.principal().userId());
  }

  @Test
  void anonymous_reissue_fails_rather_than_orphaning_a_cart_when_customers_cannot_answer() throws Exception {
    TokenPair pair = await(tokens.anonymous(null));
    TokenService down = new TokenService(vertx, config, store, userId -> Future.failedFuture(new IllegalStateException("db down")), clock);
    assertThatThrownBy(() -> await(down.anonymous(pair.accessToken()))).cause().isInstanceOf(IllegalStateException.class);
    // Nor is a refresh token spent when the profile cannot be read.
    assertThatThrownBy(() -> await(down.refresh(pair.refreshToken()))).cause().isInstanceOf(IllegalStateException.class);
    await(tokens.refresh(pair.refreshToken()));
  }

  @Test
  void sign_out_revokes_the_session_and_hands_out_a_new_anonymous_user() throws Exception {
    TokenPair pair = await(tokens.signIn(customer("u1", true)));
    TokenPair out = await(tokens.signOut(pair.principal()));
    assertThat(out.principal().anonymous()).isTrue();
    assertThat(out.principal().userId()).isNotEqualTo("u1");
    assertThat(claims(out.accessToken()).getBoolean("is_logged_in")).isFalse();
    assertRefused(tokens.refresh(pair.refreshToken()), "INVALID_REFRESH_TOKEN");
    await(tokens.refresh(out.refreshToken()));
  }

  @Test
  void revoke_sessions_spares_the_current_one() throws Exception {
    TokenPair here = await(tokens.signIn(customer("u1", true)));
    TokenPair elsewhere = await(tokens.signIn(registered.get("u1")));
    await(tokens.revokeSessions("u1", here.principal().session()));
    assertRefused(tokens.refresh(elsewhere.refreshToken()), "INVALID_REFRESH_TOKEN");
    assertThat(await(tokens.refresh(here.refreshToken())).principal().userId()).isEqualTo("u1");
  }

  @Test
  void the_pruner_deletes_long_expired_tokens_in_batches() throws Exception {
    Instant expired = clock.instant().minus(RefreshTokenPruner.RETENTION).minusSeconds(60);
    int n = 2 * RefreshTokenPruner.BATCH + 7;
    for (int i = 0; i < n; i++) {
      await(store.issue("old-" + i, "f-" + i, "u", expired.minusSeconds(3600), expired));
    }
    TokenPair live = await(tokens.anonymous(null));
    RefreshTokenPruner pruner = new RefreshTokenPruner(vertx, store, clock);
    assertThat(await(pruner.runOnce())).isEqualTo(n);
    assertThat(await(pruner.runOnce())).isZero();
    await(tokens.refresh(live.refreshToken()));
  }

  private static String sign(String secret, JsonObject claims) {
    JWTAuth jwt = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)));
    return jwt.generateToken(claims, new JWTOptions().setAlgorithm("HS256").setNoTimestamp(true));
  }
}
