package dev.tender.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The {@code {message, success, content}} envelope every response wears; the SDK unwraps {@code content}. */
final class Envelope {
  private static final CharSequence JSON = io.vertx.core.http.HttpHeaders.createOptimized("application/json; charset=utf-8");
  private static final JsonFactory FACTORY = new JsonFactory(); // thread-safe once configured

  /** Writes the fields of {@code content} with a streaming generator (no intermediate tree). */
  @FunctionalInterface
  interface Content {
    void write(JsonGenerator g) throws IOException;
  }

  private Envelope() {}

  /** The envelope around streamed content: for the large, hot answers (carts). */
  static void ok(RoutingContext ctx, String message, Content content) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
    try (JsonGenerator g = FACTORY.createGenerator(bytes)) {
      g.writeStartObject();
      g.writeStringField("message", message);
      g.writeBooleanField("success", true);
      g.writeObjectFieldStart("content");
      content.write(g);
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // writing to memory: cannot happen
    }
    ctx.response().setStatusCode(200).putHeader(io.vertx.core.http.HttpHeaders.CONTENT_TYPE, JSON)
        .end(Buffer.buffer(bytes.toByteArray()));
  }

  static void ok(RoutingContext ctx, String message, JsonObject content) {
    send(ctx, 200, new JsonObject().put("message", message).put("success", true).put("content", content));
  }

  /** The storefront's pagination block for page {@code page} of {@code total} records, {@code limit} a page. */
  static JsonObject pagination(int total, int page, int limit) {
    int pages = (total + limit - 1) / limit;
    return new JsonObject().put("total_records", total).put("total_pages", pages).put("previous_page", page > 1 ? page - 1 : null)
        .put("next_page", page < pages ? page + 1 : null).put("limit", limit);
  }

  /** 201 if {@code created}, else 200 (an operator's change). */
  static void changed(RoutingContext ctx, boolean created, String message, JsonObject content) {
    if (created) {
      created(ctx, message, content);
    } else {
      ok(ctx, message, content);
    }
  }

  /** 201: something was created (operator routes). */
  static void created(RoutingContext ctx, String message, JsonObject content) {
    send(ctx, 201, new JsonObject().put("message", message).put("success", true).put("content", content));
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
