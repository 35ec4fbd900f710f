package dev.tender.http;

import dev.tender.cluster.PartitionRouter;
import dev.tender.cluster.Response;
import dev.tender.order.Order;
import dev.tender.order.OrderBehaviour;
import dev.tender.order.OrderCommand;
import dev.tender.order.OrderReply;
import dev.tender.payment.PayuHash;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks PayU about a payment attempt whose callback never came ({@code verify_payment}, signed
 * {@code sha512(key|command|var1|salt)}), when the shopper's storefront polls the order's payment
 * status, or when the {@link PaymentSweeper} finds the attempt unanswered. An answer of success or
 * failure is fed to the order as the callback would have been (the order serialises it with any
 * callback that arrives after all); anything else leaves it pending.
 * A failed enquiry never fails the poll: it answers from the order as it is.
 */
final class PayuReconciler {
  private static final Logger LOG = LoggerFactory.getLogger(PayuReconciler.class);
  private static final String COMMAND = "verify_payment";

  private final HttpClient client;
  private final PartitionRouter<OrderCommand, OrderReply> orders;
  private final PayuHash hash;
  private final String merchantKey;
  private final String payuUrl;
  private final Duration after;
  private final Clock clock;

  PayuReconciler(Vertx vertx, PartitionRouter<OrderCommand, OrderReply> orders, PayuHash hash, String merchantKey, String payuUrl,
                 Duration after, Clock clock) {
    this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(2_000).setIdleTimeout(10));
    this.orders = orders;
    this.hash = hash;
    this.merchantKey = merchantKey;
    this.payuUrl = payuUrl;
    this.after = after;
    this.clock = clock;
  }

  /** The order after reconciling its open attempt if it is old enough; the order as given otherwise. */
  Future<Order> reconciled(RoutingContext ctx, Order o) {
    if (!due(o)) {
      return Future.succeededFuture(o);
    }
    // The node's own test gateway, as this request reached it (used only when no PayU URL is configured).
    return reconciled(ctx.request().scheme() + "://" + ctx.request().authority() + "/sim/payu", o);
  }

  /** Whether the order's open attempt is old enough to be asked about ({@link OrderBehaviour#reconcileAt}). */
  boolean due(Order o) {
    Instant at = OrderBehaviour.reconcileAt(o, after);
    return at != null && !clock.instant().isBefore(at);
  }

  /**
   * The order after reconciling its open attempt if it is old enough; the order as given otherwise
   * (also when the enquiry failed: the next poll or sweep asks again).
   *
   * @param ownGateway this node's test gateway ({@code http://host:port/sim/payu}), asked when no PayU URL is configured
   */
  Future<Order> reconciled(String ownGateway, Order o) {
    if (!due(o)) {
      return Future.succeededFuture(o);
    }
    Order.Attempt a = o.currentAttempt();
    String base = !payuUrl.isBlank() ? payuUrl.replaceAll("/+$", "") : ownGateway;
    return verify(base, a.txnid()).compose(details -> {
      String status = details == null ? null : details.getString("status");
      if (!"success".equals(status) && !"failure".equals(status)) {
        return Future.succeededFuture(o);
      }
      long amount = details.getValue("amt") == null ? -1 : PayuRoutes.paise(details.getValue("amt").toString());
      if (amount != a.amount()) {
        LOG.warn("verify_payment for {} reports amount {}, not {} paise", a.txnid(), details.getValue("amt"), a.amount());
        return Future.succeededFuture(o);
      }
      OrderCommand.Callback cb = new OrderCommand.Callback(o.number(), a.txnid(), status, amount, details.getString("mihpayid"),
          details.getString("mode"), "reconciled with verify_payment");
      return orders.send(Idempotency.minted(cb, "payu")).map(r -> r instanceof Response.Done<OrderReply> d
          && d.reply() instanceof OrderReply.View v ? v.order() : o);
    }).recover(e -> {
      LOG.warn("verify_payment for {} failed: {}", a.txnid(), e.getMessage());
      return Future.succeededFuture(o);
    });
  }

  /** Closes its HTTP client (the sweeper's; a verticle's reconciler is closed with its verticle). */
  Future<Void> close() {
    return client.close();
  }

  /** PayU's transaction details for {@code txnid}, or null when it does not know it. */
  private Future<JsonObject> verify(String base, String txnid) {
    URI uri = URI.create(base + "/merchant/postservice.php?form=2");
    String body = "key=" + enc(merchantKey) + "&command=" + COMMAND + "&var1=" + enc(txnid) + "&hash=" + hash.apiHash(COMMAND, txnid);
    boolean tls = "https".equals(uri.getScheme());
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(uri.getHost()).setSsl(tls)
        .setPort(uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80).setURI(uri.getRawPath() + "?" + uri.getRawQuery())
        .setTimeout(5_000).putHeader("content-type", "application/x-www-form-urlencoded");
    return client.request(options).compose(req -> req.send(body)).compose(resp -> resp.body()).map(b -> {
      JsonObject answer = new JsonObject(b);
      JsonObject all = answer.getJsonObject("transaction_details");
      return all == null ? null : all.getJsonObject(txnid);
    });
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
