package dev.tender.http;

import static dev.tender.http.ErrorEnvelope.assertError;
import static dev.tender.TestNode.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tender.TestNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AuthAndCatalogHttpTest {
  private static final String SECRET = "a-test-secret-that-is-long-enough-for-hs256";
  private static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.start(Map.of("TENDER_JWT_SECRET", SECRET));
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  private static JsonObject claims(String jwt) {
    String[] parts = jwt.split("\\.");
    assertThat(parts).hasSize(3);
    return new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
  }

  /** Signs claims with any key and algorithm, to forge tokens. */
  private static String sign(String secret, JsonObject claims) {
    JWTAuth jwt = JWTAuth.create(node.vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)));
    return jwt.generateToken(claims, new JWTOptions().setAlgorithm("HS256").setNoTimestamp(true));
  }

  private static JsonObject accessClaims(String ulid, long exp) {
    return new JsonObject().put("ulid", ulid).put("sub", ulid).put("exp", exp).put("iat", exp - 60)
        .put("token_type", "access").put("is_anonymous", true).put("is_logged_in", false).put("store_id", "test-store");
  }

  @Test
  void anonymous_session_issues_sdk_readable_jwts() throws Exception {
    JsonObject session = node.anonymousSession();
    JsonObject access = claims(session.getString("access_token"));
    JsonObject refresh = claims(session.getString("refresh_token"));
    assertThat(access.getString("ulid")).isEqualTo(session.getJsonObject("user").getString("id")).isEqualTo(access.getString("sub"));
    assertThat(access.getBoolean("is_anonymous")).isTrue();
    assertThat(access.getBoolean("is_logged_in")).isFalse();
    assertThat(access.getString("token_type")).isEqualTo("access");
    assertThat(access.getLong("exp") - Instant.now().getEpochSecond()).isGreaterThan(10 * 60);
    assertThat(refresh.getString("token_type")).isEqualTo("refresh");
    assertThat(refresh.getLong("exp")).isGreaterThan(access.getLong("exp"));
    assertThat(refresh.fieldNames()).containsExactlyInAnyOrder("ulid", "store_id", "token_type", "iat", "exp", "jti");
  }

  @Test
  void anonymous_session_needs_the_api_key() throws Exception {
    assertError(await(node.request(HttpMethod.POST, "/auth/anonymous").send()), 401, "UNAUTHORIZED");
    assertError(await(node.request(HttpMethod.POST, "/auth/anonymous").putHeader("X-Api-Key", "wrong").send()), 401, "UNAUTHORIZED");
  }

  @Test
  void an_expired_anonymous_token_of_a_live_session_gets_the_same_user_back() throws Exception {
    JsonObject session = node.anonymousSession();
    JsonObject issued = claims(session.getString("access_token"));
    String userId = issued.getString("ulid");
    long past = Instant.now().getEpochSecond() - 3600;
    String expired = sign(SECRET, issued.copy().put("iat", past - 60).put("exp", past));
    HttpResponse<Buffer> r = await(node.request(HttpMethod.POST, "/auth/anonymous")
        .putHeader("X-Api-Key", TestNode.API_KEY).putHeader("Authorization", "Bearer " + expired).send());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(claims(r.bodyAsJsonObject().getJsonObject("content").getString("access_token")).getString("ulid")).isEqualTo(userId);

    // Without a session the id is not resumed, nor with a key that is not ours.
    String sessionless = sign(SECRET, accessClaims("01KEEPTHISUSER0000000000000", past));
    HttpResponse<Buffer> s = await(node.request(HttpMethod.POST, "/auth/anonymous")
        .putHeader("X-Api-Key", TestNode.API_KEY).putHeader("Authorization", "Bearer " + sessionless).send());
    assertThat(claims(s.bodyAsJsonObject().getJsonObject("content").getString("access_token")).getString("ulid"))
        .isNotEqualTo("01KEEPTHISUSER0000000000000");
    String forged = sign("some-other-secret-that-is-long-enough-too", issued);
    HttpResponse<Buffer> f = await(node.request(HttpMethod.POST, "/auth/anonymous")
        .putHeader("X-Api-Key", TestNode.API_KEY).putHeader("Authorization", "Bearer " + forged).send());
    assertThat(claims(f.bodyAsJsonObject().getJsonObject("content").getString("access_token")).getString("ulid"))
        .isNotEqualTo(userId);
  }

  @Test
  void refuses_forged_expired_unsigned_and_refresh_tokens_as_bearers() throws Exception {
    long future = Instant.now().getEpochSecond() + 600;
    String wrongKey = sign("some-other-secret-that-is-long-enough-too", accessClaims("u1", future));
    String expired = sign(SECRET, accessClaims("u1", Instant.now().getEpochSecond() - 5));
    String header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(accessClaims("u1", future).encode().getBytes(StandardCharsets.UTF_8));
    String unsigned = header + "." + payload + ".";
    String valid = node.anonymousSession().getString("access_token");
    String tampered = valid.substring(0, valid.indexOf('.') + 1) + payload + valid.substring(valid.lastIndexOf('.'));
    String refreshToken = node.anonymousSession().getString("refresh_token");

    assertError(node.call(HttpMethod.GET, "/carts/users/u1", null, null), 401, "UNAUTHORIZED");
    assertError(node.call(HttpMethod.GET, "/carts/users/u1", wrongKey, null), 401, "UNAUTHORIZED");
    assertError(node.call(HttpMethod.GET, "/carts/users/u1", unsigned, null), 401, "UNAUTHORIZED");
    assertError(node.call(HttpMethod.GET, "/carts/users/u1", tampered, null), 401, "UNAUTHORIZED");
    assertError(node.call(HttpMethod.GET, "/carts/users/u1", "not-a-jwt", null), 401, "UNAUTHORIZED");
    assertError(node.call(HttpMethod.GET, "/carts/users/u1", refreshToken, null), 401, "UNAUTHORIZED");
    assertError(node.call(HttpMethod.GET, "/carts/users/u1", expired, null), 401, "TOKEN_EXPIRED");
  }

  @Test
  void refresh_rotates_and_a_reused_refresh_token_revokes_the_session() throws Exception {
    JsonObject session = node.anonymousSession();
    String userId = session.getJsonObject("user").getString("id");
    String first = session.getString("refresh_token");

    // The SDK sends nothing but the body.
    HttpResponse<Buffer> r = node.call(HttpMethod.POST, "/auth/refresh-token", null, new JsonObject().put("refresh_token", first));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    JsonObject rotated = r.bodyAsJsonObject().getJsonObject("content");
    assertThat(claims(rotated.getString("access_token")).getString("ulid")).isEqualTo(userId);
    String second = rotated.getString("refresh_token");
    assertThat(second).isNotEqualTo(first);
    assertThat(node.call(HttpMethod.GET, "/wishlist/" + userId, rotated.getString("access_token"), null).statusCode()).isEqualTo(200);

    // A second tab presenting the same token moments later gets the same pair, not a revoked session.
    HttpResponse<Buffer> again = node.call(HttpMethod.POST, "/auth/refresh-token", null, new JsonObject().put("refresh_token", first));
    assertThat(again.statusCode()).as(again.bodyAsString()).isEqualTo(200);
    assertThat(again.bodyAsJsonObject().getJsonObject("content")).isEqualTo(rotated);

    HttpResponse<Buffer> r2 = node.call(HttpMethod.POST, "/auth/refresh-token", null, new JsonObject().put("refresh_token", second));
    assertThat(r2.statusCode()).as(r2.bodyAsString()).isEqualTo(200);
    String third = r2.bodyAsJsonObject().getJsonObject("content").getString("refresh_token");
    // Its successor spent, the first token has no grace left: reusing it is theft and ends the session.
    assertError(node.call(HttpMethod.POST, "/auth/refresh-token", null, new JsonObject().put("refresh_token", first)), 401, "INVALID_REFRESH_TOKEN");
    assertError(node.call(HttpMethod.POST, "/auth/refresh-token", null, new JsonObject().put("refresh_token", third)), 401, "INVALID_REFRESH_TOKEN");
    assertError(node.call(HttpMethod.POST, "/auth/refresh-token", null, new JsonObject().put("refresh_token", session.getString("access_token"))), 401, "INVALID_REFRESH_TOKEN");
    assertError(node.call(HttpMethod.POST, "/auth/refresh-token", null, new JsonObject()), 400, "VALIDATION_ERROR");
  }

  @Test
  void catalog_takes_the_api_key_or_a_bearer_and_paginates_newest_first() throws Exception {
    assertError(await(node.request(HttpMethod.GET, "/catalog/products").send()), 401, "UNAUTHORIZED");
    HttpResponse<Buffer> byKey = await(node.request(HttpMethod.GET, "/catalog/products?limit=10&page=2").putHeader("X-Api-Key", TestNode.API_KEY).send());
    assertThat(byKey.statusCode()).isEqualTo(200);
    JsonObject content = byKey.bodyAsJsonObject().getJsonObject("content");
    assertThat(content.getJsonArray("products")).hasSize(10);
    assertThat(content.getJsonObject("pagination").getInteger("total_records")).isGreaterThanOrEqualTo(20);
    assertThat(content.getJsonObject("pagination").getInteger("previous_page")).isEqualTo(1);

    HttpResponse<Buffer> byBearer = node.call(HttpMethod.GET, "/catalog/products", node.anonymousSession().getString("access_token"), null);
    var first = byBearer.bodyAsJsonObject().getJsonObject("content").getJsonArray("products");
    assertThat(first.getJsonObject(0).getString("id")).isEqualTo("p01"); // the newest
    assertThat(first.getJsonObject(0).getJsonObject("pricing").getNumber("selling_price").doubleValue()).isEqualTo(499.0);
  }

  @Test
  void product_detail_by_id_or_slug_and_404_for_unknown() throws Exception {
    var byId = await(node.request(HttpMethod.GET, "/catalog/products/p03").putHeader("X-Api-Key", TestNode.API_KEY).send());
    var bySlug = await(node.request(HttpMethod.GET, "/catalog/products/steel-water-bottle").putHeader("X-Api-Key", TestNode.API_KEY).send());
    assertThat(byId.bodyAsJsonObject().getJsonObject("content").getJsonObject("product").getString("slug")).isEqualTo("steel-water-bottle");
    assertThat(bySlug.bodyAsJsonObject().getJsonObject("content").getJsonObject("product").getString("id")).isEqualTo("p03");
    assertError(await(node.request(HttpMethod.GET, "/catalog/products/nope").putHeader("X-Api-Key", TestNode.API_KEY).send()), 404, "NOT_FOUND");
  }

  @Test
  void unknown_routes_and_cors_preflight() throws Exception {
    assertError(await(node.http.get(node.port, "127.0.0.1", "/nothing/here").send()), 404, "NOT_FOUND");
    assertError(await(node.http.get(node.port, "127.0.0.1", "/api/v1/other-store/storefront/catalog/products").send()), 404, "NOT_FOUND");
    var preflight = await(node.request(HttpMethod.OPTIONS, "/carts")
        .putHeader("Origin", "https://shop.example.com")
        .putHeader("Access-Control-Request-Method", "POST")
        .putHeader("Access-Control-Request-Headers", "authorization,content-type").send());
    assertThat(preflight.getHeader("Access-Control-Allow-Origin")).isIn("*", "https://shop.example.com");
    assertThat(preflight.getHeader("Access-Control-Allow-Headers").toLowerCase()).contains("authorization", "x-api-key");
  }

  @Test
  void admin_view_needs_the_admin_key_not_the_api_key() throws Exception {
    assertError(await(node.http.get(node.port, "127.0.0.1", "/admin/cluster").send()), 401, "UNAUTHORIZED");
    assertError(await(node.http.get(node.port, "127.0.0.1", "/admin/cluster").putHeader("X-Admin-Key", TestNode.API_KEY).send()),
        401, "UNAUTHORIZED");
    HttpResponse<Buffer> r = await(node.http.get(node.port, "127.0.0.1", "/admin/cluster").putHeader("X-Admin-Key", "test-admin-key").send());
    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject content = r.bodyAsJsonObject().getJsonObject("content");
    assertThat(content.getJsonArray("members")).containsExactly(content.getString("node_id"));
    assertThat(content.getJsonObject("this_node_runs").size()).isEqualTo(content.getInteger("partition_count"));
    assertThat(content.getJsonArray("cart_partitions")).hasSize(content.getInteger("partition_count"));
  }
}
