package dev.tender.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The {@code {message, success, content}} envelope every response wears (API.md §1.4). */
final class Envelope {
  private static final CharSequence JSON = io.vertx.core.http.HttpHeaders.createOptimized("application/json; charset=utf-8");

  private Envelope() {}

  static void ok(RoutingContext ctx, String message, JsonObject content) {
    send(ctx, 200, new JsonObject().put("message", message).put("success", true).put("content", content));
  }

  /** For the routes typed without content (delete cart and friends). */
  static void okWithoutContent(RoutingContext ctx, String message) {
    send(ctx, 200, new JsonObject().put("message", message).put("success", true));
  }

  static void error(RoutingContext ctx, int status, String code, String message, JsonObject errors) {
    JsonObject body = new JsonObject().put("message", message).put("success", false).put("code", code);
    if (errors != null) {
      body.put("errors", errors);
    }
    send(ctx, status, body);
  }

  private static void send(RoutingContext ctx, int status, JsonObject body) {
    Buffer bytes = body.toBuffer();
    ctx.response().setStatusCode(status).putHeader(io.vertx.core.http.HttpHeaders.CONTENT_TYPE, JSON).end(bytes);
  }
}
