package dev.tender.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Strict reading of JSON request bodies: a wrong or missing field is a 400 naming the field. */
final class Bodies {
  private Bodies() {}

  /** The body as an object; an empty body reads as {} (the SDK sends empty JSON bodies). */
  static JsonObject object(RoutingContext ctx) {
    var body = ctx.body();
    if (body == null || body.length() == 0) {
      return new JsonObject();
    }
    try {
      return new JsonObject(body.buffer());
    } catch (io.vertx.core.json.DecodeException | ClassCastException e) {
      throw new ApiError(400, "VALIDATION_ERROR", "request body must be a JSON object");
    }
  }

  static String requiredString(JsonObject j, String field) {
    String v = optionalString(j, field);
    if (v == null || v.isBlank()) {
      throw ApiError.invalidField(field, "is required");
    }
    return v;
  }

  /** Null when absent or JSON null; a 400 when present with another type. */
  static String optionalString(JsonObject j, String field) {
    Object v = j.getValue(field);
    if (v == null || v instanceof String) {
      return (String) v;
    }
    throw ApiError.invalidField(field, "must be a string");
  }

  static int requiredInt(JsonObject j, String field) {
    Object v = j.getValue(field);
    if (v == null) {
      throw ApiError.invalidField(field, "is required");
    }
    if (v instanceof Integer i) {
      return i;
    }
    if (v instanceof Long l && l == (int) (long) l) {
      return (int) (long) l;
    }
    throw ApiError.invalidField(field, "must be an integer");
  }

  static boolean optionalBoolean(JsonObject j, String field, boolean fallback) {
    Object v = j.getValue(field);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    throw ApiError.invalidField(field, "must be a boolean");
  }

  static JsonObject requiredObject(JsonObject j, String field) {
    Object v = j.getValue(field);
    if (v instanceof JsonObject o) {
      return o;
    }
    throw ApiError.invalidField(field, v == null ? "is required" : "must be an object");
  }

  static JsonArray requiredArray(JsonObject j, String field) {
    Object v = j.getValue(field);
    if (v instanceof JsonArray a) {
      return a;
    }
    throw ApiError.invalidField(field, v == null ? "is required" : "must be an array");
  }

  /** A query parameter as a positive integer, or the fallback when absent. */
  static int queryInt(RoutingContext ctx, String name, int fallback, int max) {
    String v = ctx.request().getParam(name);
    if (v == null || v.isEmpty()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= 1 && n <= max) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // falls through to the error below
    }
    throw ApiError.invalidField(name, "must be an integer from 1 to " + max);
  }
}
