package dev.tender.http;

import dev.tender.money.Money;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Strict reading of JSON request bodies: a wrong or missing field is a 400 naming the field. */
final class Bodies {
  /** Longest key quoted in an error's field path; longer ones are cut (the field is still clear). */
  private static final int PATH_KEY_MAX_CHARS = 64;

  private Bodies() {}

  /**
   * The body as an object; an empty body reads as {} (the SDK sends empty JSON bodies). Refuses
   * U+0000 in any key or string value at any depth: PostgreSQL cannot store it in text or jsonb.
   */
  static JsonObject object(RoutingContext ctx) {
    var body = ctx.body();
    if (body == null || body.length() == 0) {
      return new JsonObject();
    }
    JsonObject parsed;
    try {
      parsed = new JsonObject(body.buffer());
    } catch (io.vertx.core.json.DecodeException | ClassCastException e) {
      throw new ApiError(400, "VALIDATION_ERROR", "request body must be a JSON object");
    }
    refuseNul(parsed, "");
    return parsed;
  }

  private static void refuseNul(Object v, String path) {
    switch (v) {
      case String s when s.indexOf('\0') >= 0 -> throw ApiError.invalidField(path, "must not contain U+0000");
      case JsonObject o -> {
        for (var e : o) {
          String key = e.getKey();
          if (key.indexOf('\0') >= 0) {
            throw ApiError.invalidField(path.isEmpty() ? "body" : path, "must not have a key containing U+0000");
          }
          String name = key.length() > PATH_KEY_MAX_CHARS ? key.substring(0, PATH_KEY_MAX_CHARS) + "..." : key;
          refuseNul(e.getValue(), path.isEmpty() ? name : path + "." + name);
        }
      }
      case JsonArray a -> {
        for (int i = 0; i < a.size(); i++) {
          refuseNul(a.getValue(i), path + "[" + i + "]");
        }
      }
      case null, default -> { }
    }
  }

  /** A 400 naming the field and the limit when {@code value} has more than {@code max} characters. */
  static void maxChars(String field, String value, int max) {
    if (value != null && chars(value) > max) {
      throw ApiError.invalidField(field, "must be at most " + max + " characters");
    }
  }

  /** Unicode code points, what a person (and PostgreSQL's varchar) calls characters. */
  static int chars(String s) {
    return s.codePointCount(0, s.length());
  }

  static int utf8Bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  static final String RUPEES = "must be a number of rupees with at most two decimals";

  /** A JSON number with at most two decimals, in hundredths (rupees as paise, percent as basis points). */
  static long hundredths(JsonObject j, String field, String why) {
    try {
      return Money.parseMajor(j.getValue(field));
    } catch (IllegalArgumentException e) {
      throw ApiError.invalidField(field, why);
    }
  }

  /** An amount of rupees (at most two decimals) as paise. */
  static long rupees(JsonObject j, String field) {
    return hundredths(j, field, RUPEES);
  }

  /** An ISO-8601 instant, or null when absent. */
  static Instant optionalInstant(JsonObject j, String field) {
    String v = optionalString(j, field);
    try {
      return v == null ? null : Instant.parse(v);
    } catch (DateTimeParseException e) {
      throw ApiError.invalidField(field, "must be an ISO-8601 instant, e.g. 2027-01-31T23:59:59Z");
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
