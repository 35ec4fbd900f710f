package dev.tender.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tender.cart.PricedCart;
import dev.tender.catalog.Catalog;
import dev.tender.order.Order;
import dev.tender.order.Order.Attempt;
import dev.tender.payment.PayuHash;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.math.BigDecimal;
import java.util.Locale;

/** Renders orders in the Storefront API's Order, OrderDetail, OrderList, OrderPayment and PayuPaymentInfo shapes. */
final class OrderJson {
  private static final JsonFactory FACTORY = new JsonFactory();

  private OrderJson() {}

  /**
   * The order's frozen fields from the priced cart: the cart's own rendering (so an order's totals are
   * the cart's to the paisa) with the Order shape's names ({@code item_total_tax}, {@code order_items}).
   */
  static String snapshot(PricedCart p, Catalog.CurrencyInfo currency) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
    try (JsonGenerator g = FACTORY.createGenerator(bytes)) {
      g.writeStartObject();
      CartJson.orderFields(g, p, currency);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  static JsonObject order(Order o) {
    return new JsonObject(o.snapshot()).mergeIn(own(o));
  }

  /**
   * The OrderDetail object as JSON text: the frozen snapshot with the order's own fields spliced in, so the
   * hot answers (placing, reading an order) neither parse the snapshot back nor encode it again.
   */
  static String detailJson(Order o) {
    String frozen = o.snapshot();
    if (!frozen.endsWith("}") || frozen.equals("{}")) {
      return detail(o).encode(); // not ours to splice
    }
    String own = ownDetail(o).encode();
    return frozen.substring(0, frozen.length() - 1) + "," + own.substring(1);
  }

  /** What an order adds to its snapshot: its number, dates, statuses and cancellation terms. */
  private static JsonObject own(Order o) {
    JsonObject j = new JsonObject();
    j.put("order_number", o.number());
    j.put("order_date", o.createdAt().toString());
    j.put("status", status(o));
    j.put("payment_status", paymentStatus(o));
    j.put("payment_success_date", o.paidAt() == null ? null : o.paidAt().toString());
    j.put("is_cancellation_allowed", o.cancellable());
    if (o.cancellable()) {
      j.put("cancellation_refund_details", new JsonObject()
          .put("loyalty_point", o.holds().stream().filter(h -> h.tender() == Order.Tender.LOYALTY_POINTS).mapToLong(Order.Hold::amount).sum())
          .put("refundable_amount", rupees(o.grandTotal()))
          .put("cancellation_charges", 0)
          .putNull("cancellation_charges_reason")
          .put("payment_mode", "original-payment-mode"));
    }
    j.putNull("feedback");
    j.put("cancellation_reason", o.cancellationReason());
    return j;
  }

  static JsonObject detail(Order o) {
    return new JsonObject(o.snapshot()).mergeIn(ownDetail(o));
  }

  /** The order's own fields of the OrderDetail shape: {@link #own} with its payments and shipments. */
  private static JsonObject ownDetail(Order o) {
    return own(o).put("payments", payments(o)).put("shipments", new JsonArray());
  }

  /** A row of {@code GET /orders}: the OrderList shape, with its singular loyalty names. */
  static JsonObject listRow(Order o) {
    JsonObject full = order(o);
    JsonObject row = new JsonObject();
    for (String f : new String[] {"order_number", "order_date", "status", "payment_status", "payment_success_date", "grand_total",
        "credit_balance_used", "to_be_paid", "order_items_count", "order_items", "customer_note", "currency"}) {
      row.put(f, full.getValue(f));
    }
    row.put("has_refund", o.status() == Order.Status.CANCELLED && o.amountPaid() > 0);
    row.put("on_subscription", false);
    row.put("loyalty_point_redeemed", full.getValue("loyalty_points_redeemed"));
    row.put("loyalty_point_earned", full.getValue("loyalty_points_earned"));
    row.put("created_at", o.createdAt().toString());
    row.put("modified_at", o.updatedAt().toString());
    return row;
  }

  static JsonArray payments(Order o) {
    JsonArray rows = new JsonArray();
    for (Attempt a : o.attempts()) {
      rows.add(new JsonObject()
          .put("transaction_type", "payment")
          .put("request_number", a.txnid())
          .put("amount", rupees(a.amount()))
          .put("payment_status", switch (a.status()) {
            case PENDING -> "pending";
            case SUCCESS -> "success";
            case FAILED, VOID -> "failed";
          })
          .put("payment_date", (a.settledAt() != null ? a.settledAt() : a.requestedAt()).toString())
          .put("payment_reference_number", a.gatewayReference())
          .put("payment_method", a.mode())
          .putNull("icon_url")
          .put("payment_gateway", "payu"));
    }
    if (o.status() == Order.Status.CANCELLED && o.amountPaid() > 0) {
      rows.add(new JsonObject().put("transaction_type", "refund").put("request_number", o.number() + "-refund")
          .put("amount", rupees(o.amountPaid())).put("payment_status", "refund_initiated")
          .put("payment_date", o.updatedAt().toString()).putNull("payment_reference_number").putNull("payment_method")
          .putNull("icon_url"));
    }
    return rows;
  }

  /** {@code payment_info} for the order's current attempt, signed with the merchant's key and salt. */
  static JsonObject paymentInfo(Order o, PayuHash payu, String merchantKey, String callbackUrl) {
    Attempt a = o.currentAttempt();
    String amount = PayuHash.amount(a.amount());
    String productinfo = productInfo(o);
    Order.Payer p = o.payer();
    return new JsonObject()
        .put("key", merchantKey)
        .put("payment_gateway", "payu")
        .put("txnid", a.txnid())
        .put("amount", new BigDecimal(amount))
        .put("productinfo", productinfo)
        .put("firstname", p.firstName())
        .put("lastname", p.lastName())
        .put("email", p.email())
        .put("phone", p.phone())
        .put("surl", callbackUrl)
        .put("furl", callbackUrl)
        .put("hash", payu.requestHash(a.txnid(), amount, productinfo, p.firstName(), p.email()));
  }

  static String productInfo(Order o) {
    return "Order " + o.number();
  }

  static String status(Order o) {
    return o.status() == Order.Status.PLACING || o.status() == Order.Status.ABORTED ? "pending"
        : o.status().name().toLowerCase(Locale.ROOT);
  }

  static String paymentStatus(Order o) {
    return o.paymentStatus().name().toLowerCase(Locale.ROOT);
  }

  static BigDecimal rupees(long minor) {
    return new BigDecimal(PayuHash.amount(minor)); // plain and shortest, as the SDK's numbers are
  }
}
