package dev.tender;

import dev.tender.config.TenderConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real node started in-process on a free loopback port, and a real HTTP client to call it.
 * Calls block the test thread (never an event loop) so tests read top to bottom.
 */
public final class TestNode implements AutoCloseable {
  public static final String API_KEY = "test-api-key";

  public final Vertx vertx;
  public final WebClient http;
  public final int port;
  public final String base;
  public final Node node;

  private TestNode(Node node) {
    this.vertx = node.vertx();
    this.node = node;
    this.port = node.config().port();
    this.base = node.config().basePath();
    this.http = WebClient.create(vertx);
  }

  /** Starts a node; {@code env} are {@code TENDER_*} overrides on top of the defaults. */
  public static TestNode start(Map<String, String> env) throws Exception {
    Map<String, String> all = new HashMap<>(env);
    all.put("TENDER_PORT", String.valueOf(freePort()));
    all.putIfAbsent("TENDER_PARTITIONS", "16");
    Vertx bootstrap = Vertx.vertx();
    TenderConfig config;
    try {
      config = await(TenderConfig.load(bootstrap, all));
    } finally {
      await(bootstrap.close());
    }
    return new TestNode(await(Node.boot(config)));
  }

  public static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  public static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  public HttpRequest<Buffer> request(HttpMethod method, String path) {
    return http.request(method, port, "127.0.0.1", base + path);
  }

  /** Sends with an optional bearer and an optional JSON body. */
  public HttpResponse<Buffer> call(HttpMethod method, String path, String bearer, Object body) throws Exception {
    HttpRequest<Buffer> req = request(method, path);
    if (bearer != null) {
      req.putHeader("Authorization", "Bearer " + bearer);
    }
    if (body == null) {
      return await(req.send());
    }
    req.putHeader("Content-Type", "application/json");
    return await(req.sendBuffer(body instanceof Buffer b ? b : Buffer.buffer(body.toString())));
  }

  /** A new anonymous session's access token. */
  public JsonObject anonymousSession() throws Exception {
    HttpResponse<Buffer> r = await(request(HttpMethod.POST, "/auth/anonymous").putHeader("X-Api-Key", API_KEY).send());
    if (r.statusCode() != 200) {
      throw new AssertionError("anonymous session failed: " + r.bodyAsString());
    }
    return r.bodyAsJsonObject().getJsonObject("content");
  }

  private java.util.concurrent.Callable<?> afterClose;

  /** Runs {@code then} once this node has closed (and released its partitions). */
  public TestNode afterClose(java.util.concurrent.Callable<?> then) {
    this.afterClose = then;
    return this;
  }

  @Override
  public void close() throws Exception {
    http.close();
    await(node.close());
    if (afterClose != null) {
      afterClose.call();
    }
  }
}
