package dev.tender.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tender.TestNode;
import dev.tender.store.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * A contract of routes run over real HTTP against one real node per {@code @Nested} store class, with
 * the calls such contracts make: operator routes with {@code X-Admin-Key}, storefront routes as an
 * anonymous shopper, and the envelope read back. It exists so that each route test declares only its
 * tests and its two store classes, {@code @Nested class Memory extends Contract {}} and
 * {@code @Nested class Pg extends Contract {}}, not the node and its calls: the store class's name
 * picks the store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class NodeHttpContract {
  static final String ADMIN = "/api/v1/test-store/admin";
  static final String ADMIN_KEY = "test-admin-key";

  private TestNode node;
  /** The current shopper's access token and user id: set by {@link #newShopper}. */
  String token;
  String userId;

  /** Starts this class's node: on the memory store for a class named {@code Memory}, on PostgreSQL for {@code Pg}. */
  @BeforeAll
  void startNode() throws Exception {
    String store = getClass().getSimpleName();
    node = switch (store) {
      case "Memory" -> TestNode.start(Map.of("TENDER_STORE", "memory"));
      case "Pg" -> {
        TestDatabase.requireMigrated();
        yield TestNode.start(Map.of("TENDER_STORE", "pg", "TENDER_PG_URL", TestDatabase.URL));
      }
      default -> throw new IllegalStateException("a store class is named Memory or Pg, not " + store);
    };
  }

  @AfterAll
  void stopNode() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  TestNode node() {
    return node;
  }

  // ---------------------------------------------------------------- operator routes

  /** An operator call with the admin key and an optional Idempotency-Key. */
  HttpResponse<Buffer> admin(HttpMethod method, String path, String idempotencyKey, JsonObject body) throws Exception {
    return adminRaw(method, path, idempotencyKey, ADMIN_KEY, body == null ? null : body.encode());
  }

  /** An operator call with {@code adminKey} (null = none) and an optional Idempotency-Key; {@code body} is sent as is. */
  HttpResponse<Buffer> adminRaw(HttpMethod method, String path, String idempotencyKey, String adminKey, String body) throws Exception {
    Map<String, String> headers = new HashMap<>();
    if (adminKey != null) {
      headers.put("X-Admin-Key", adminKey);
    }
    if (idempotencyKey != null) {
      headers.put("Idempotency-Key", idempotencyKey);
    }
    return adminWithHeaders(method, path, headers, body);
  }

  /** An operator call with exactly these headers (and a JSON content type when there is a body). */
  HttpResponse<Buffer> adminWithHeaders(HttpMethod method, String path, Map<String, String> headers, String body) throws Exception {
    HttpRequest<Buffer> req = node().http.request(method, node().port, "127.0.0.1", ADMIN + path);
    headers.forEach(req::putHeader);
    if (body == null) {
      return answered(method + " " + path, req.send());
    }
    req.putHeader("Content-Type", "application/json");
    return answered(method + " " + path, req.sendBuffer(Buffer.buffer(body)));
  }

  // ---------------------------------------------------------------- storefront routes

  /** Starts a new anonymous session: later storefront calls are that shopper's. */
  void newShopper() throws Exception {
    JsonObject session = node().anonymousSession();
    token = session.getString("access_token");
    userId = session.getJsonObject("user").getString("id");
  }

  /**
   * A storefront call as the current shopper, with an optional JSON body (a {@link Buffer} is sent as
   * is); a call that gets no answer fails the test rather than hanging it.
   */
  HttpResponse<Buffer> call(HttpMethod method, String path, Object body) throws Exception {
    HttpRequest<Buffer> req = node().request(method, path).putHeader("Authorization", "Bearer " + token);
    if (body == null) {
      return answered(method + " " + path, req.send());
    }
    req.putHeader("Content-Type", "application/json");
    return answered(method + " " + path, req.sendBuffer(body instanceof Buffer b ? b : Buffer.buffer(body.toString())));
  }

  JsonObject createCart(JsonObject... items) throws Exception {
    return cartOf(call(HttpMethod.POST, "/carts", new JsonObject().put("items", new JsonArray(List.of((Object[]) items)))));
  }

  HttpResponse<Buffer> get(String cartId) throws Exception {
    return call(HttpMethod.GET, "/carts/" + cartId, null);
  }

  // ---------------------------------------------------------------- answers

  static HttpResponse<Buffer> answered(String what, Future<HttpResponse<Buffer>> sent) throws Exception {
    try {
      return TestNode.await(sent);
    } catch (TimeoutException | ExecutionException e) {
      throw new AssertionError("no answer to " + what + ": " + e, e);
    }
  }

  /** The content of a successful envelope with this status. */
  static JsonObject content(HttpResponse<Buffer> r, int status) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
    assertThat(r.bodyAsJsonObject().getBoolean("success")).isTrue();
    return r.bodyAsJsonObject().getJsonObject("content");
  }

  static JsonObject cartOf(HttpResponse<Buffer> r) {
    return content(r, 200).getJsonObject("cart");
  }

  static JsonObject item(String product, int quantity) {
    return new JsonObject().put("product_id", product).put("quantity", quantity);
  }

  /** A JSON money field as an exact decimal (it must be present and a number). */
  static BigDecimal money(JsonObject j, String field) {
    Object v = j.getValue(field);
    assertThat(v).as(field + " in " + j).isInstanceOf(Number.class);
    return new BigDecimal(v.toString());
  }
}
