package dev.tender.http;

import dev.tender.cluster.Response;

import dev.tender.auth.AuthFailure;
import dev.tender.cluster.Failures;
import dev.tender.cart.CartReply.Rejected;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where a rejection or an exception becomes an HTTP status and an error envelope.
 * Routes call {@code ctx.fail(throwable)}; the router's failure handler lands here.
 */
final class Problems {
  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
  /** Seconds a client should wait before retrying a request that was not applied. */
  private static final String RETRY_AFTER_SECONDS = "1";

  private Problems() {}

  /** A cart rejection as the API's error. */
  static ApiError of(Rejected r) {
    return switch (r.reason()) {
      case CART_NOT_FOUND -> ApiError.notFound("cart");
      case CART_EXPIRED -> new ApiError(404, "CART_EXPIRED", "cart has expired");
      case UNKNOWN_PRODUCT -> new ApiError(400, "PRODUCT_NOT_FOUND", "unknown or inactive product: " + r.detail());
      case UNKNOWN_VARIANT -> new ApiError(400, "VARIANT_NOT_FOUND", "unknown variant of product " + r.detail());
      case VARIANT_REQUIRED -> ApiError.invalidField("variant_id", "is required: product " + r.detail() + " has variants");
      case INVALID_QUANTITY -> ApiError.invalidField("quantity", r.detail());
      case OUT_OF_STOCK -> new ApiError(400, "OUT_OF_STOCK", "not enough stock for " + r.detail());
      case POINTS_ABOVE_CART_VALUE -> new ApiError(400, "LOYALTY_POINTS_ABOVE_CART_VALUE", r.detail());
      case TOO_MANY_GIFT_CARDS -> new ApiError(400, "TOO_MANY_GIFT_CARDS", r.detail());
      case GIFT_CARD_NOT_APPLIED -> new ApiError(400, "GIFT_CARD_NOT_APPLIED", r.detail());
      case INVALID_COUPON -> new ApiError(400, "INVALID_COUPON", r.detail());
      case QUANTITY_BELOW_MINIMUM, QUANTITY_ABOVE_MAXIMUM, QUANTITY_NOT_IN_STEPS ->
          new ApiError(400, r.reason().name(), "quantity not allowed: " + r.detail(),
              new io.vertx.core.json.JsonObject().put("quantity", r.detail()));
    };
  }

  /** The same Idempotency-Key with a different request (see "Idempotency" in the README). */
  /**
   * The reply a partition gave, or (thrown) the 422 of a reused key. Thrown inside a {@code map} or
   * {@code compose}, it fails the future like any other error.
   */
  static <R> R reply(Response<R> r) {
    if (r instanceof Response.Done<R> d) {
      return d.reply();
    }
    throw keyReused();
  }

  static ApiError keyReused() {
    return new ApiError(422, "IDEMPOTENCY_KEY_REUSED",
        "this Idempotency-Key was used for a different request; use a new key for a new request");
  }

  static void handle(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (ctx.response().ended()) {
      return;
    }
    switch (failure) {
      case ApiError e -> Envelope.error(ctx, e.status(), e.code(), e.getMessage(), e.errors());
      case AuthFailure e -> Envelope.error(ctx, 401, e.code(), e.getMessage(), null);
      case TooManyAttempts e -> {
        ctx.response().putHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
        Envelope.error(ctx, 429, e.code(), e.getMessage(), null);
      }
      case DecodeException e -> Envelope.error(ctx, 400, "VALIDATION_ERROR", "request body is not valid JSON", null);
      case ReplyException e -> replyFailure(ctx, e);
      case HttpException e -> byStatus(ctx, e.getStatusCode()); // Vert.x Web's own (body too large, ...)
      case null -> byStatus(ctx, ctx.statusCode());
      default -> {
        LOG.error("unhandled failure on {} {}", ctx.request().method(), ctx.request().path(), failure);
        Envelope.error(ctx, 500, "INTERNAL_ERROR", "internal error", null);
      }
    }
  }

  /** Failures of routing: status only, no exception (unknown route, wrong method, body too large). */
  static void byStatus(RoutingContext ctx, int status) {
    switch (status) {
      case 401 -> Envelope.error(ctx, 401, "UNAUTHORIZED", "authentication required", null);
      case 404 -> Envelope.error(ctx, 404, "NOT_FOUND", "no such route: " + ctx.request().method() + " " + ctx.request().path(), null);
      case 405 -> Envelope.error(ctx, 405, "METHOD_NOT_ALLOWED", "method not allowed on " + ctx.request().path(), null);
      case 413 -> Envelope.error(ctx, 413, "PAYLOAD_TOO_LARGE", "request body is larger than 64 KiB", null);
      case 415 -> Envelope.error(ctx, 415, "UNSUPPORTED_MEDIA_TYPE", "send application/json", null);
      default -> {
        if (status >= 400 && status < 500) {
          Envelope.error(ctx, status, "BAD_REQUEST", "bad request", null);
        } else {
          Envelope.error(ctx, 500, "INTERNAL_ERROR", "internal error", null);
        }
      }
    }
  }

  /**
   * The partition did not apply the command: its owner was unreachable, timed out, or its store
   * refused or failed. The client may retry the same request.
   */
  private static void replyFailure(RoutingContext ctx, ReplyException e) {
    if (Failures.temporary(e)) {
      ctx.response().putHeader("Retry-After", RETRY_AFTER_SECONDS);
      Envelope.error(ctx, 503, "SERVICE_UNAVAILABLE", "temporarily unavailable; retry the request", null);
    } else if (e.failureCode() == Failures.WRITE_REJECTED) {
      Envelope.error(ctx, 422, "UNPROCESSABLE_ENTITY", "the request could not be stored: " + e.getMessage(), null);
    } else {
      LOG.error("partition failure on {}", ctx.request().path(), e);
      Envelope.error(ctx, 500, "INTERNAL_ERROR", "internal error", null);
    }
  }
}
