package dev.tender.http;

import dev.tender.cart.CartId;
import dev.tender.cart.UserId;
import dev.tender.cluster.Documents;
import dev.tender.cluster.PartitionRouter;
import dev.tender.cluster.Request;
import dev.tender.cluster.Response;
import dev.tender.order.Order;
import dev.tender.order.OrderBehaviour;
import dev.tender.order.OrderCommand;
import dev.tender.order.OrderNumbers;
import dev.tender.order.OrderReply;
import dev.tender.payment.PayuHash;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;
import java.util.Locale;

/** The storefront's order and payment routes (bearer): placing, reading, paying again, cancelling. */
final class OrderRoutes {
  private static final int LIST_READ = 1_000;
  private static final int PAGE_MAX = 100;
  private static final int REASON_MAX_CHARS = 500;

  private final OrderPlacement placement;
  private final PartitionRouter<OrderCommand, OrderReply> orders;
  private final Documents<Order> store;
  private final OrderBehaviour rules;
  private final Payu payu;
  private final Clock clock;
  private final PayuReconciler reconciler;

  /** The merchant's PayU identity and where PayU sends shoppers and callbacks back. */
  record Payu(PayuHash hash, String key, String publicUrl, String storeId) {
    /** {@code surl}/{@code furl}: our callback route, at the configured public URL or as this request reached us. */
    String callbackUrl(RoutingContext ctx) {
      String base = !publicUrl.isBlank() ? publicUrl.replaceAll("/+$", "")
          : ctx.request().scheme() + "://" + ctx.request().authority();
      return base + "/api/v1/" + storeId + "/payments/payu/callback";
    }
  }

  OrderRoutes(OrderPlacement placement, PartitionRouter<OrderCommand, OrderReply> orders, Documents<Order> store,
              OrderBehaviour rules, Payu payu, PayuReconciler reconciler, Clock clock) {
    this.reconciler = reconciler;
    this.placement = placement;
    this.orders = orders;
    this.store = store;
    this.rules = rules;
    this.payu = payu;
    this.clock = clock;
  }

  void mount(Router r, String base, Handler<RoutingContext> bearer) {
    r.post(base + "/orders").handler(bearer).handler(this::create);
    r.get(base + "/orders").handler(bearer).handler(this::list);
    r.get(base + "/orders/:number").handler(bearer).handler(ctx -> get(ctx).onSuccess(o ->
        Envelope.ok(ctx, "order", g -> {
          g.writeFieldName("order");
          g.writeRawValue(OrderJson.detailJson(o));
        })));
    r.get(base + "/orders/:number/payment-status").handler(bearer).handler(ctx -> get(ctx).compose(o -> reconciler.reconciled(ctx, o))
        .onSuccess(o -> {
      long paid = o.amountPaid();
      Envelope.ok(ctx, "payment status", new JsonObject().put("status", OrderJson.paymentStatus(o))
          .put("amount_paid", OrderJson.rupees(paid)).put("amount_unpaid", OrderJson.rupees(Math.max(0, o.toBePaid() - paid)))
          .put("is_retry_available", rules.retryAllowed(o, clock.instant())));
    }));
    r.get(base + "/orders/:number/payments").handler(bearer).handler(ctx -> get(ctx).onSuccess(o ->
        Envelope.ok(ctx, "payments", new JsonObject().put("payments", OrderJson.payments(o)))));
    r.post(base + "/orders/:number/retry-payment").handler(bearer).handler(this::retry);
    r.post(base + "/orders/:number/cancel-payment-request").handler(bearer).handler(ctx ->
        change(ctx, new OrderCommand.CancelPaymentRequest(number(ctx), caller(ctx))).onSuccess(o ->
            Envelope.okWithoutContent(ctx, "payment request cancelled")));
    r.post(base + "/orders/:number/cancel").handler(bearer).handler(this::cancel);
    r.post(base + "/payments/generate-hash").handler(bearer).handler(this::generateHash);
    r.get(base + "/payments/payment-methods").handler(bearer).handler(this::paymentMethods);
  }

  private void create(RoutingContext ctx) {
    JsonObject body = Bodies.object(ctx);
    String cartId = Bodies.requiredString(body, "cart_id");
    Bodies.maxChars("cart_id", cartId, 64);
    checkPaymentMethod(body);
    placement.place(ctx, new UserId(caller(ctx)), new CartId(cartId)).onSuccess(o -> {
      boolean required = o.status() == Order.Status.PENDING && o.paymentStatus() != Order.PaymentStatus.SUCCESS;
      JsonObject paymentInfo = required ? OrderJson.paymentInfo(o, payu.hash(), payu.key(), payu.callbackUrl(ctx)) : null;
      Envelope.ok(ctx, "order created", g -> {
        g.writeFieldName("order");
        g.writeRawValue(OrderJson.detailJson(o));
        g.writeBooleanField("payment_required", required);
        g.writeFieldName("payment_info");
        if (paymentInfo == null) {
          g.writeNull();
        } else {
          g.writeRawValue(paymentInfo.encode());
        }
      });
    }).onFailure(ctx::fail);
  }

  /** Only PayU is built: no method, or a PayU one, is accepted; the SDK's other gateways are refused. */
  private static void checkPaymentMethod(JsonObject body) {
    Object method = body.getValue("payment_method");
    if (method == null) {
      return;
    }
    if (!(method instanceof JsonObject m)) {
      throw ApiError.invalidField("payment_method", "must be an object");
    }
    String slug = m.getValue("payment_provider_slug") instanceof String s ? s : null;
    String gateway = m.getValue("payment_gateway") instanceof String s ? s : null;
    if (!"payu".equalsIgnoreCase(slug) && !"payu".equalsIgnoreCase(gateway)) {
      throw new ApiError(400, "UNSUPPORTED_PAYMENT_METHOD", "only PayU payments are supported (omit payment_method to use PayU)");
    }
  }

  private void list(RoutingContext ctx) {
    String caller = caller(ctx);
    String asked = ctx.queryParams().get("user_id");
    if (asked != null && !asked.equals(caller)) {
      throw ApiError.notFound("user");
    }
    int limit = Bodies.queryInt(ctx, "limit", 10, PAGE_MAX);
    int page = Bodies.queryInt(ctx, "page", 1, Integer.MAX_VALUE);
    List<String> statuses = ctx.queryParam("status").stream().flatMap(s -> List.of(s.split(",")).stream())
        .map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).toList();
    store.ownedBy(caller, LIST_READ).onSuccess(all -> {
      List<Order> shown = all.stream().filter(Order::visible)
          .filter(o -> statuses.isEmpty() || statuses.contains(OrderJson.status(o))).toList();
      JsonArray rows = new JsonArray();
      long from = (long) (page - 1) * limit;
      for (long i = from; i < shown.size() && i < from + limit; i++) {
        rows.add(OrderJson.listRow(shown.get((int) i)));
      }
      Envelope.ok(ctx, "orders", new JsonObject().put("orders", rows).put("pagination", Envelope.pagination(shown.size(), page, limit)));
    }).onFailure(ctx::fail);
  }

  private void retry(RoutingContext ctx) {
    change(ctx, new OrderCommand.RetryPayment(number(ctx), caller(ctx))).onSuccess(o -> Envelope.ok(ctx, "payment retried",
        new JsonObject().put("payment_required", true)
            .put("payment_info", OrderJson.paymentInfo(o, payu.hash(), payu.key(), payu.callbackUrl(ctx)))));
  }

  private void cancel(RoutingContext ctx) {
    JsonObject body = Bodies.object(ctx);
    String reason = Bodies.optionalString(body, "cancellation_reason");
    if (reason != null) {
      Bodies.maxChars("cancellation_reason", reason, REASON_MAX_CHARS);
    }
    String mode = Bodies.optionalString(body, "refund_mode");
    if (mode != null && !mode.equals("original-payment-mode") && !mode.equals("bank-transfer")) {
      throw ApiError.invalidField("refund_mode", "must be original-payment-mode or bank-transfer");
    }
    change(ctx, new OrderCommand.Cancel(number(ctx), caller(ctx), reason == null ? "cancelled by the shopper" : reason))
        .onSuccess(o -> Envelope.ok(ctx, "order cancelled", new JsonObject().put("order", OrderJson.detail(o))));
  }

  /** PayU's API-command hash {@code sha512(key|plain_text|salt)}, for storefronts that call PayU's APIs themselves. */
  private void generateHash(RoutingContext ctx) {
    JsonObject body = Bodies.object(ctx);
    String gateway = Bodies.requiredString(body, "payment_gateway");
    if (!"payu".equalsIgnoreCase(gateway)) {
      throw new ApiError(400, "UNSUPPORTED_PAYMENT_METHOD", "only payu hashes are generated");
    }
    String plain = Bodies.requiredString(body, "plain_text");
    Bodies.maxChars("plain_text", plain, 1_000);
    if (plain.isEmpty()) {
      throw ApiError.invalidField("plain_text", "must not be empty");
    }
    Envelope.ok(ctx, "hash generated", new JsonObject().put("hash", payu.hash().plainTextHash(plain)));
  }

  private void paymentMethods(RoutingContext ctx) {
    JsonArray options = new JsonArray()
        .add(option("UPI", "UPI", "UPI")).add(option("CC", "Credit card", "CC")).add(option("DC", "Debit card", "DC"))
        .add(option("NB", "Net banking", "NB"));
    JsonObject payuMethod = new JsonObject().put("id", "payu").put("name", "PayU").put("type", "gateway")
        .put("payment_provider_slug", "payu").putNull("payment_instructions")
        .put("details", new JsonArray().add(new JsonObject().put("code", "payu").put("payment_method", "payu")
            .put("is_subscription_enabled", false).put("options", options)));
    Envelope.ok(ctx, "payment methods", new JsonObject().put("payment_methods", new JsonArray().add(payuMethod)));
  }

  private static JsonObject option(String code, String name, String pg) {
    return new JsonObject().put("bankcode", code).put("name", name).put("pg", pg).putNull("icon_url").put("is_subscription_enabled", false);
  }

  /** The caller's order, or the request failed (someone else's, or unknown: 404 alike). */
  private Future<Order> get(RoutingContext ctx) {
    return answer(ctx, orders.read(new OrderCommand.Get(number(ctx), caller(ctx))));
  }

  private Future<Order> change(RoutingContext ctx, OrderCommand command) {
    Request<OrderCommand> request = Idempotency.request(ctx, command, caller(ctx));
    return answer(ctx, orders.send(request));
  }

  /** The order an order command answered, or the request failed with the API's error for its rejection. */
  static Future<Order> answer(RoutingContext ctx, Future<Response<OrderReply>> sent) {
    return sent.<Order>compose(r -> switch (Problems.reply(r)) {
      case OrderReply.View v -> Future.succeededFuture(v.order());
      case OrderReply.Rejected rej -> Future.failedFuture(problem(rej));
    }).onFailure(ctx::fail);
  }

  static ApiError problem(OrderReply.Rejected r) {
    return switch (r.reason()) {
      case ORDER_NOT_FOUND -> ApiError.notFound("order");
      case PAYMENT_RETRY_NOT_ALLOWED -> new ApiError(400, "PAYMENT_RETRY_NOT_ALLOWED", r.detail());
      case NO_OPEN_PAYMENT -> new ApiError(400, "NO_OPEN_PAYMENT_REQUEST", r.detail());
      case CANCELLATION_NOT_ALLOWED -> new ApiError(400, "CANCELLATION_NOT_ALLOWED", r.detail());
      case PLACEMENT_ABANDONED -> new ApiError(409, "ORDER_PLACEMENT_ABANDONED", r.detail());
      case INVALID_CALLBACK -> new ApiError(400, "INVALID_CALLBACK", r.detail());
    };
  }

  private static String number(RoutingContext ctx) {
    String n = ctx.pathParam("number");
    if (!OrderNumbers.plausible(n)) {
      throw ApiError.notFound("order");
    }
    return n;
  }

  private static String caller(RoutingContext ctx) {
    return Guards.principal(ctx).userId();
  }
}
