package dev.tender.http;

import dev.tender.cluster.PartitionRouter;
import dev.tender.cluster.Response;
import dev.tender.metrics.TenderMetrics;
import dev.tender.money.Money;
import dev.tender.order.OrderBehaviour;
import dev.tender.order.OrderCommand;
import dev.tender.order.OrderNumbers;
import dev.tender.order.OrderReply;
import dev.tender.payment.PayuHash;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PayU's side of a payment: the callback route PayU posts to ({@code surl}/{@code furl} and its webhook),
 * and, outside production, a PayU look-alike under {@code /sim/payu} so the demo and the tests can pay
 * end to end. Callbacks come with no credential but PayU's reverse hash, checked before anything is done.
 */
final class PayuRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(PayuRoutes.class);
  private static final int FIELD_MAX_CHARS = 1_000;

  private final Vertx vertx;
  private final PartitionRouter<OrderCommand, OrderReply> orders;
  private final PayuHash hash;
  private final String merchantKey;
  /** Where a shopper's browser goes after PayU (303), or "" to answer every callback with JSON. */
  private final String returnUrl;
  /**
   * The test gateway's outcomes by txnid ("status|amount|mihpayid"), for its verify_payment answer: this
   * node's memory, shared by its HTTP server instances (a stand-in for PayU's books, not durable).
   */
  private final io.vertx.core.shareddata.LocalMap<String, String> simulated;
  private final TenderMetrics metrics;
  private HttpClient client;

  PayuRoutes(Vertx vertx, PartitionRouter<OrderCommand, OrderReply> orders, PayuHash hash, String merchantKey, String returnUrl,
             TenderMetrics metrics) {
    this.metrics = metrics;
    this.returnUrl = returnUrl;
    this.vertx = vertx;
    this.orders = orders;
    this.hash = hash;
    this.merchantKey = merchantKey;
    this.simulated = vertx.sharedData().getLocalMap("tender.sim.payu.transactions");
  }

  void mount(Router r, String storeId, boolean testGateway) {
    r.post("/api/v1/" + storeId + "/payments/payu/callback").handler(this::callback);
    if (testGateway) {
      client = vertx.createHttpClient();
      r.post("/sim/payu/_payment").handler(this::simPayment);
      r.post("/sim/payu/merchant/postservice.php").handler(this::simVerify);
    }
  }

  private static Map<String, String> form(RoutingContext ctx) {
    MultiMap attrs = ctx.request().formAttributes();
    Map<String, String> form = new LinkedHashMap<>();
    for (var e : attrs.entries()) {
      if (e.getValue().length() > FIELD_MAX_CHARS) {
        throw ApiError.invalidField(e.getKey(), "is too long");
      }
      form.putIfAbsent(e.getKey(), e.getValue());
    }
    return form;
  }

  private void callback(RoutingContext ctx) {
    Map<String, String> form = form(ctx);
    String txnid = form.getOrDefault("txnid", "");
    String number = OrderBehaviour.numberOfTxnid(txnid);
    if (number == null || !OrderNumbers.plausible(number)) {
      LOG.warn("PayU callback refused: txnid '{}' is not one of ours", printable(txnid));
      metrics.callbackRejected();
      throw new ApiError(400, "INVALID_CALLBACK", "unknown txnid");
    }
    String why = null;
    long amount = -1;
    if (!merchantKey.equals(form.get("key"))) {
      why = "merchant key is not ours";
    } else if (!hash.verifyResponse(form)) {
      why = "hash does not verify";
    } else {
      amount = paise(form.get("amount"));
      if (amount < 0) {
        why = "amount is not a number of rupees";
      }
    }
    String status = form.getOrDefault("status", "").toLowerCase(java.util.Locale.ROOT);
    if (why == null && !status.equals("success") && !status.equals("failure") && !status.equals("pending")) {
      why = "status must be success, failure or pending";
    }
    if (why != null) {
      LOG.warn("PayU callback for {} refused: {}", printable(txnid), why);
      metrics.callbackRejected();
      String reason = why;
      send(new OrderCommand.RecordRefusedCallback(number, txnid, reason))
          .onComplete(ignored -> ctx.fail(new ApiError(400, "INVALID_CALLBACK", "callback refused: " + reason)));
      return;
    }
    OrderCommand.Callback cb = new OrderCommand.Callback(number, txnid, status, amount, form.get("mihpayid"), form.get("mode"),
        form.get("error_Message"));
    OrderRoutes.answer(ctx, send(cb).andThen(ar -> {
      if (ar.succeeded() && ar.result() instanceof Response.Done<OrderReply> d && d.reply() instanceof OrderReply.Rejected rej
          && rej.reason() == OrderReply.Reason.INVALID_CALLBACK) {
        metrics.callbackRejected(); // the order's own checks: an attempt it does not have, another amount
      }
    })).onSuccess(o -> {
      String paid = OrderJson.paymentStatus(o);
      String accept = ctx.request().getHeader("Accept");
      if (!returnUrl.isBlank() && accept != null && accept.contains("text/html")) {
        // The shopper's browser, sent back by PayU: on to the storefront's page for this order.
        ctx.response().setStatusCode(303).putHeader("Location", returnUrl + (returnUrl.contains("?") ? "&" : "?")
            + "order_number=" + number + "&payment_status=" + paid).end();
      } else {
        Envelope.ok(ctx, "callback accepted", new JsonObject().put("order_number", number).put("payment_status", paid));
      }
    });
  }

  /** A callback's own identity is its content: PayU posting the same callback again is the same request. */
  private Future<Response<OrderReply>> send(OrderCommand command) {
    return orders.send(Idempotency.minted(command, "payu"));
  }

  /** Rupees as PayU writes them ("997.15", "1000.00") to paise; -1 if not an amount. */
  static long paise(String rupees) {
    if (rupees == null || rupees.isEmpty() || rupees.length() > 20 || !rupees.matches("\\d+(\\.\\d{1,2})?")) {
      return -1;
    }
    return Money.parseMajor(new BigDecimal(rupees));
  }

  private static String printable(String s) {
    String cut = s.length() > 40 ? s.substring(0, 40) : s;
    return cut.replaceAll("[^A-Za-z0-9-]", "?");
  }

  // ---- the test gateway --------------------------------------------------------------------------

  private void simPayment(RoutingContext ctx) {
    Map<String, String> form = form(ctx);
    String txnid = form.getOrDefault("txnid", "");
    String expected = hash.requestHash(txnid, form.getOrDefault("amount", ""), form.getOrDefault("productinfo", ""),
        form.getOrDefault("firstname", ""), form.getOrDefault("email", ""));
    if (!merchantKey.equals(form.get("key")) || !expected.equalsIgnoreCase(form.getOrDefault("hash", ""))) {
      ctx.response().setStatusCode(400).putHeader("content-type", "text/plain; charset=utf-8")
          .end("test gateway: the payment request's key or hash is wrong");
      return;
    }
    String outcome = ctx.queryParams().get("outcome");
    if (outcome == null) {
      ctx.response().putHeader("content-type", "text/html; charset=utf-8").end(page(form));
      return;
    }
    if (!outcome.equals("success") && !outcome.equals("failure")) {
      throw ApiError.invalidField("outcome", "must be success or failure");
    }
    Map<String, String> callback = new LinkedHashMap<>();
    for (String f : new String[] {"key", "txnid", "amount", "productinfo", "firstname", "email", "phone"}) {
      callback.put(f, form.getOrDefault(f, ""));
    }
    callback.put("status", outcome);
    callback.put("mihpayid", "sim" + Long.toUnsignedString(java.util.concurrent.ThreadLocalRandom.current().nextLong(), 36));
    callback.put("mode", "UPI");
    for (int i = 1; i <= 5; i++) {
      callback.put("udf" + i, "");
    }
    callback.put("error", outcome.equals("success") ? "E000" : "E308");
    callback.put("error_Message", outcome.equals("success") ? "No Error" : "Transaction failed (test gateway)");
    callback.put("bank_ref_num", callback.get("mihpayid"));
    callback.put("hash", hash.responseHash(callback));
    simulated.put(txnid, outcome + "|" + form.getOrDefault("amount", "") + "|" + callback.get("mihpayid"));
    if ("false".equals(ctx.queryParams().get("callback"))) { // a lost callback: only verify_payment will tell
      Envelope.ok(ctx, "payment recorded, no callback sent", new JsonObject().put("txnid", txnid).put("status", outcome));
      return;
    }
    String target = outcome.equals("success") ? form.getOrDefault("surl", "") : form.getOrDefault("furl", "");
    // The test gateway only calls back this node's own host, so it cannot be used to make requests elsewhere.
    String host = httpHost(target);
    if (host == null || !(host.equals(ctx.request().authority().host()) || host.equals("127.0.0.1") || host.equals("localhost"))) {
      throw ApiError.invalidField(outcome.equals("success") ? "surl" : "furl", "must be an http URL of this node");
    }
    post(target, callback).onSuccess(resp -> ctx.response().setStatusCode(resp.status())
        .putHeader("content-type", "application/json; charset=utf-8").end(resp.body()))
        .onFailure(e -> ctx.fail(new ApiError(502, "CALLBACK_NOT_DELIVERED", "test gateway could not post to " + target + ": " + e.getMessage())));
  }

  private static String httpHost(String url) {
    try {
      java.net.URI uri = new java.net.URI(url);
      return "http".equals(uri.getScheme()) ? uri.getHost() : null;
    } catch (java.net.URISyntaxException e) {
      return null;
    }
  }

  private record Posted(int status, Buffer body) {}

  private Future<Posted> post(String url, Map<String, String> form) {
    java.net.URI uri;
    try {
      uri = java.net.URI.create(url);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    if (uri.getHost() == null || !"http".equals(uri.getScheme())) {
      return Future.failedFuture(new IllegalArgumentException("surl/furl must be an http URL"));
    }
    StringBuilder body = new StringBuilder();
    form.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
        .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(uri.getHost())
        .setPort(uri.getPort() < 0 ? 80 : uri.getPort()).setURI(uri.getRawPath())
        .putHeader("content-type", "application/x-www-form-urlencoded");
    return client.request(options).compose(req -> req.send(body.toString()))
        .compose(resp -> resp.body().map(b -> new Posted(resp.statusCode(), b)));
  }

  /** PayU's verify_payment command, as the test gateway knows its own transactions. */
  private void simVerify(RoutingContext ctx) {
    Map<String, String> form = form(ctx);
    String command = form.getOrDefault("command", "");
    String var1 = form.getOrDefault("var1", "");
    if (!merchantKey.equals(form.get("key")) || !hash.apiHash(command, var1).equalsIgnoreCase(form.getOrDefault("hash", ""))
        || !command.equals("verify_payment")) {
      ctx.response().setStatusCode(200).putHeader("content-type", "application/json")
          .end(new JsonObject().put("status", 0).put("msg", "Invalid Hash.").encode());
      return;
    }
    JsonObject details = new JsonObject();
    for (String txnid : var1.split("\\|")) {
      String known = simulated.get(txnid);
      if (known == null) {
        details.put(txnid, new JsonObject().put("status", "Not Found").put("txnid", txnid));
      } else {
        String[] f = known.split("\\|", -1);
        details.put(txnid, new JsonObject().put("status", f[0]).put("txnid", txnid).put("amt", f[1]).put("mihpayid", f[2])
            .put("mode", "UPI"));
      }
    }
    ctx.response().putHeader("content-type", "application/json")
        .end(new JsonObject().put("status", 1).put("msg", "1 out of 1 Transactions Fetched Successfully")
            .put("transaction_details", details).encode());
  }

  private static String page(Map<String, String> form) {
    StringBuilder hidden = new StringBuilder();
    form.forEach((k, v) -> hidden.append("<input type=\"hidden\" name=\"").append(escape(k)).append("\" value=\"")
        .append(escape(v)).append("\">"));
    return "<!doctype html><html><head><meta charset=\"utf-8\"><title>Test gateway</title></head><body>"
        + "<h1>Tender test gateway (PayU look-alike)</h1><p>Pay &#8377;" + escape(form.getOrDefault("amount", "")) + " for "
        + escape(form.getOrDefault("productinfo", "")) + "</p>"
        + "<form method=\"post\" action=\"/sim/payu/_payment?outcome=success\">" + hidden + "<button>Pay</button></form>"
        + "<form method=\"post\" action=\"/sim/payu/_payment?outcome=failure\">" + hidden + "<button>Fail</button></form>"
        + "</body></html>";
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
