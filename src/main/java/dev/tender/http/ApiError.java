package dev.tender.http;

import io.vertx.core.json.JsonObject;

/**
 * A client error the HTTP layer detected or a domain rejection translated for the wire; rendered
 * by {@link Problems} as {@code {message, success: false, code, errors?}}. Expected, so stackless.
 */
public final class ApiError extends RuntimeException {
  private final int status;
  private final String code;
  private final JsonObject errors;

  public ApiError(int status, String code, String message, JsonObject errors) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.errors = errors;
  }

  public ApiError(int status, String code, String message) {
    this(status, code, message, null);
  }

  public static ApiError invalidField(String field, String why) {
    return new ApiError(400, "VALIDATION_ERROR", field + " " + why, new JsonObject().put(field, why));
  }

  public static ApiError notFound(String what) {
    return new ApiError(404, "NOT_FOUND", what + " not found");
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public JsonObject errors() {
    return errors;
  }
}
