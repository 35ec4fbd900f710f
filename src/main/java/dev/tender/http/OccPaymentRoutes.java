package dev.tender.http;

import dev.tender.cart.Address;
import dev.tender.cart.CartCommand;
import dev.tender.cart.CartCommand.TenderChange;
import dev.tender.cart.CartId;
import dev.tender.cart.CartReply;
import dev.tender.cart.PricedCart;
import dev.tender.cart.Tenders;
import dev.tender.cart.UserId;
import dev.tender.cluster.PartitionRouter;
import dev.tender.cluster.Response;
import dev.tender.money.Money;
import dev.tender.wallet.AccountType;
import dev.tender.wallet.GiftCardNumbers;
import dev.tender.wallet.WalletCommand;
import dev.tender.wallet.WalletReply;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The cart's tenders as Oracle Commerce's payment groups ({@code /ccstore/v1/orders/current/payments}):
 * one group per stored-value tender with its enquired balance, and one gateway group marked
 * {@code isAmountRemaining} when anything is left to pay; all groups sum to the cart's grand total.
 * Nothing is authorised here (every group stays {@code INITIAL}); holds are taken when the order is
 * placed. It is a second view of the same tenders the storefront's cart routes change.
 */
final class OccPaymentRoutes {
  static final String CCSTORE = "/ccstore/v1/orders/current/payments";
  private static final String GIFT_CARD_GROUP = "pg-gc-";
  private static final String CREDIT_GROUP = "pg-storeCredit";
  private static final String LOYALTY_GROUP = "pg-loyaltyPoints";
  private static final String GATEWAY_GROUP = "pg-gateway";
  private static final int MAX_ITEMS = 10;

  private final PartitionRouter<CartCommand, CartReply> carts;
  private final PartitionRouter<WalletCommand, WalletReply> wallets;
  private final String currency;
  private final long pointValueMinor;

  OccPaymentRoutes(PartitionRouter<CartCommand, CartReply> carts, PartitionRouter<WalletCommand, WalletReply> wallets, String currency,
                   long pointValueMinor) {
    this.carts = carts;
    this.wallets = wallets;
    this.currency = currency;
    this.pointValueMinor = pointValueMinor;
  }

  void mount(Router r, String storefrontBase, String storeId, boolean defaultStore, Handler<RoutingContext> bearer) {
    mountAt(r, storefrontBase + "/carts/:id/payments", bearer);
    mountAt(r, "/api/v1/" + storeId + CCSTORE, bearer);
    if (defaultStore) {
      mountAt(r, CCSTORE, bearer);
    }
  }

  private void mountAt(Router r, String path, Handler<RoutingContext> bearer) {
    r.get(path).handler(bearer).handler(ctx -> current(ctx).compose(p -> view(ctx, p)).onSuccess(j -> ok(ctx, j)).onFailure(ctx::fail))
        .failureHandler(OccPaymentRoutes::oracleError);
    r.patch(path).handler(bearer).handler(this::update).failureHandler(OccPaymentRoutes::oracleError);
    r.post(path + "/add").handler(bearer).handler(this::add).failureHandler(OccPaymentRoutes::oracleError);
  }

  private static UserId owner(RoutingContext ctx) {
    return CartRoutes.caller(ctx);
  }

  /** The cart at {@code /carts/:id}, or the caller's active cart ("the current incomplete order"). */
  private static CartId cartId(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    return id == null ? null : new CartId(id);
  }

  private Future<PricedCart> current(RoutingContext ctx) {
    return cartReply(carts.read(new CartCommand.Get(owner(ctx), cartId(ctx))));
  }

  private static Future<PricedCart> cartReply(Future<Response<CartReply>> sent) {
    return sent.compose(r -> switch (Problems.reply(r)) {
      case CartReply.CartView v -> Future.succeededFuture(v.cart());
      case CartReply.Rejected rej -> Future.failedFuture(Problems.of(rej));
      default -> Future.failedFuture(new IllegalStateException("unexpected cart reply"));
    });
  }

  // ---------------------------------------------------------------- changes

  /** {@code POST .../add}: new payment groups; every item is checked (and its balance enquired) before any is applied. */
  private void add(RoutingContext ctx) {
    JsonArray items = items(Bodies.object(ctx));
    List<Future<TenderChange>> checks = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      JsonObject item = item(items, i);
      String path = "items[" + i + "]";
      String type = item.getValue("type") instanceof String s ? s : "";
      checks.add(switch (type) {
        case "physicalGiftCard" -> addGiftCard(ctx, item, path);
        case "storeCredit" -> credit(ctx, optionalAmount(item, "amount", path), path);
        case "loyaltyPoints" -> points(ctx, optionalPoints(item, path), path);
        case "card", "tokenizedCreditCard" -> Future.succeededFuture(null); // the gateway group is whatever remains
        default -> throw oracle("INVALID_PAYMENT_TYPE", "type must be physicalGiftCard, storeCredit, loyaltyPoints or card", path + ".type");
      });
    }
    applyAll(ctx, checks, List.of());
  }

  /** {@code PATCH}: amounts and billing addresses of existing groups, each amount checked against an enquired balance. */
  private void update(RoutingContext ctx) {
    JsonArray items = items(Bodies.object(ctx));
    current(ctx).onSuccess(p -> {
      try {
        List<Future<TenderChange>> checks = new ArrayList<>();
        Address billing = null;
        for (int i = 0; i < items.size(); i++) {
          JsonObject item = item(items, i);
          String path = "items[" + i + "]";
          String group = item.getValue("paymentGroupId") instanceof String s ? s : "";
          if (!groups(p).contains(group)) {
            throw oracle("INVALID_PAYMENT_GROUP", "no payment group " + group + " in the current order", path + ".paymentGroupId");
          }
          Long amount = optionalAmount(item, "amount", path);
          if (amount != null) {
            checks.add(changeAmount(ctx, p, group, amount, path));
          }
          if (item.getValue("billingAddress") != null) {
            billing = occAddress(item.getValue("billingAddress"), path + ".billingAddress");
          }
        }
        List<CartCommand> after = billing == null ? List.of()
            : List.of(new CartCommand.SetAddresses(owner(ctx), p.cart().id(), billing, p.cart().shippingAddress()));
        applyAll(ctx, checks, after);
      } catch (RuntimeException e) {
        ctx.fail(e);
      }
    }).onFailure(ctx::fail);
  }

  private Future<TenderChange> changeAmount(RoutingContext ctx, PricedCart p, String group, long amount, String path) {
    if (group.equals(GATEWAY_GROUP)) {
      throw oracle("AMOUNT_NOT_EDITABLE", "the gateway group pays what remains; change the other groups instead", path + ".amount");
    }
    if (group.equals(CREDIT_GROUP)) {
      return credit(ctx, amount, path);
    }
    if (group.equals(LOYALTY_GROUP)) {
      if (amount % pointValueMinor != 0) {
        throw oracle("INVALID_AMOUNT", "loyalty points pay in steps of " + Money.format(pointValueMinor), path + ".amount");
      }
      return points(ctx, (int) Math.min(Integer.MAX_VALUE, amount / pointValueMinor), path);
    }
    String number = group.substring(GIFT_CARD_GROUP.length());
    if (amount <= 0) {
      throw oracle("INVALID_AMOUNT", "amount must be positive (remove the card to stop using it)", path + ".amount");
    }
    // Applied already (its PIN checked then): the enquiry needs no PIN.
    return wallets.read(new WalletCommand.Get(AccountType.GIFT_CARD.key(number))).compose(r -> WalletProblems.view(r, AccountType.GIFT_CARD))
        .map(v -> {
          if (amount > v.available()) {
            throw oracle("INSUFFICIENT_GIFT_CARD_BALANCE", "the card's available balance is " + Money.format(v.available()), path + ".amount");
          }
          return new TenderChange.AddGiftCard(new Tenders.GiftCard(number, amount, v.available()));
        });
  }

  private Future<TenderChange> addGiftCard(RoutingContext ctx, JsonObject item, String path) {
    String number = item.getValue("giftCardNumber") instanceof String s ? s : "";
    String pin = item.getValue("giftCardPin") instanceof String s ? s : null;
    Long amount = optionalAmount(item, "amount", path);
    if (!GiftCardNumbers.wellFormed(number) || (pin != null && !pin.matches("[0-9]{6}"))) {
      throw oracle("INVALID_GIFT_CARD", "invalid gift card or PIN", path + ".giftCardNumber");
    }
    if (amount != null && amount <= 0) {
      throw oracle("INVALID_AMOUNT", "amount must be positive", path + ".amount");
    }
    WalletCommand.Enquire enquiry = new WalletCommand.Enquire(AccountType.GIFT_CARD.key(number), pin, currency);
    Future<Response<WalletReply>> sent = pin == null ? wallets.read(enquiry)
        : wallets.send(Idempotency.minted(enquiry, owner(ctx).value()));
    return sent.compose(r -> WalletProblems.view(r, AccountType.GIFT_CARD)).map(v -> {
      if (v.available() <= 0 || (amount != null && amount > v.available())) {
        throw oracle("INSUFFICIENT_GIFT_CARD_BALANCE", "the card's available balance is " + Money.format(v.available()), path + ".amount");
      }
      return new TenderChange.AddGiftCard(new Tenders.GiftCard(number, amount, v.available()));
    });
  }

  private Future<TenderChange> credit(RoutingContext ctx, Long amount, String path) {
    if (amount != null && amount < 0) {
      throw oracle("INVALID_AMOUNT", "amount must not be negative", path + ".amount");
    }
    return enquire(AccountType.CREDIT, owner(ctx), currency).map(v -> {
      long use = amount == null ? v.available() : amount;
      if (use > v.available()) {
        throw oracle("INSUFFICIENT_CREDIT_BALANCE", "your credit balance is " + Money.format(v.available()), path + ".amount");
      }
      return new TenderChange.Credit(use);
    });
  }

  private Future<TenderChange> points(RoutingContext ctx, Integer points, String path) {
    if (points != null && points < 0) {
      throw oracle("INVALID_AMOUNT", "points must not be negative", path + ".points");
    }
    return enquire(AccountType.LOYALTY, owner(ctx), null).map(v -> {
      long use = points == null ? v.available() : points;
      if (use > v.available()) {
        throw oracle("INSUFFICIENT_LOYALTY_POINTS", "you have " + v.available() + " points", path + ".points");
      }
      return new TenderChange.LoyaltyPoints((int) Math.min(Integer.MAX_VALUE, use));
    });
  }

  private Future<WalletReply.View> enquire(AccountType type, UserId owner, String unit) {
    return wallets.read(new WalletCommand.Enquire(type.key(owner.value()), null, unit)).compose(r -> WalletProblems.view(r, type));
  }

  /**
   * Once every check passed, applies the changes one after the other (each its own cart change; a null cart
   * id addresses the active cart, "the current order"), then answers the groups of the last cart.
   */
  private void applyAll(RoutingContext ctx, List<Future<TenderChange>> checks, List<CartCommand> after) {
    Future.all(checks).compose(all -> {
      List<CartCommand> commands = new ArrayList<>();
      for (Future<TenderChange> f : checks) {
        if (f.result() != null) {
          commands.add(new CartCommand.ChangeTenders(owner(ctx), cartId(ctx), f.result()));
        }
      }
      commands.addAll(after);
      Future<PricedCart> chain = null;
      for (CartCommand c : commands) {
        chain = chain == null ? change(ctx, c) : chain.compose(prev -> change(ctx, c));
      }
      return chain == null ? current(ctx) : chain;
    }).compose(p -> view(ctx, p)).onSuccess(j -> ok(ctx, j)).onFailure(ctx::fail);
  }

  private Future<PricedCart> change(RoutingContext ctx, CartCommand c) {
    return cartReply(carts.send(Idempotency.minted(c, owner(ctx).value())));
  }

  // ---------------------------------------------------------------- the view

  private static List<String> groups(PricedCart p) {
    List<String> ids = new ArrayList<>();
    p.giftCards().forEach(g -> ids.add(GIFT_CARD_GROUP + g.number()));
    if (p.cart().tenders().creditRequested() > 0) {
      ids.add(CREDIT_GROUP);
    }
    if (p.cart().tenders().loyaltyPoints() > 0) {
      ids.add(LOYALTY_GROUP);
    }
    ids.add(GATEWAY_GROUP);
    return ids;
  }

  /** The groups with a fresh balance enquiry for each stored-value one. */
  private Future<JsonObject> view(RoutingContext ctx, PricedCart p) {
    Map<String, Future<WalletReply.View>> balances = new HashMap<>();
    List<Future<WalletReply.View>> all = new ArrayList<>();
    for (PricedCart.GiftCardUse g : p.giftCards()) {
      Future<WalletReply.View> f = wallets.read(new WalletCommand.Get(AccountType.GIFT_CARD.key(g.number())))
          .compose(r -> WalletProblems.view(r, AccountType.GIFT_CARD));
      balances.put(g.number(), f);
      all.add(f);
    }
    Tenders t = p.cart().tenders();
    Future<WalletReply.View> credit = t.creditRequested() > 0 ? enquire(AccountType.CREDIT, owner(ctx), currency) : null;
    Future<WalletReply.View> points = t.loyaltyPoints() > 0 ? enquire(AccountType.LOYALTY, owner(ctx), null) : null;
    if (credit != null) {
      all.add(credit);
    }
    if (points != null) {
      all.add(points);
    }
    return Future.all(all).map(v -> {
      JsonArray items = new JsonArray();
      for (PricedCart.GiftCardUse g : p.giftCards()) {
        items.add(group(GIFT_CARD_GROUP + g.number(), g.amount(), balances.get(g.number()).result().available(), "tenderGiftCard",
            "physicalGiftCard", false).put("giftCardNumber", g.number()).put("maskedCardNumber", GiftCardNumbers.masked(g.number(), 'x')));
      }
      if (credit != null) {
        items.add(group(CREDIT_GROUP, p.creditBalanceUsed(), credit.result().available(), "tenderStoreCredit", "storeCredit", false));
      }
      if (points != null) {
        items.add(group(LOYALTY_GROUP, p.loyaltyValue(), points.result().available() * pointValueMinor, "tenderLoyalty", "loyaltyPoints",
            false).put("points", p.loyaltyPointsRedeemed()));
      }
      if (p.toBePaid() > 0) {
        items.add(group(GATEWAY_GROUP, p.toBePaid(), null, "payu", "card", true).put("type", "payu"));
      }
      String self = ctx.request().scheme() + "://" + ctx.request().authority() + ctx.request().path();
      String collection = self.endsWith("/add") ? self.substring(0, self.length() - 4) : self;
      return new JsonObject()
          .put("totalResults", String.valueOf(items.size())).put("offset", "0").put("hasMore", "false").put("limit", "250")
          .put("links", new JsonArray()
              .add(link("PATCH", "/rels/updatePayments", collection))
              .add(link("GET", "last", collection + "?offset=0&limit=" + items.size()))
              .add(link("POST", "/rels/addPayments", collection + "/add"))
              .add(link("GET", "self", collection))
              .add(link("GET", "canonical", collection))
              .add(link("GET", "first", collection + "?offset=0&limit=250")))
          .put("items", items)
          .put("embedded", new JsonObject().put("order", new JsonObject().put("orderId", p.cart().id().value())));
    });
  }

  private static JsonObject group(String id, long amount, Long balance, String gateway, String method, boolean remaining) {
    JsonObject g = new JsonObject().put("paymentGroupId", id).put("amount", OrderJson.rupees(amount))
        .put("customPaymentProperties", new JsonObject());
    if (balance != null) {
      g.put("balance", Money.format(balance));
    }
    return g.put("gatewayName", gateway).put("paymentMethod", method).put("isAmountRemaining", remaining).put("paymentState", "INITIAL");
  }

  private static JsonObject link(String method, String rel, String href) {
    return new JsonObject().put("method", method).put("rel", rel).put("href", href);
  }

  private static void ok(RoutingContext ctx, JsonObject body) {
    ctx.response().putHeader("content-type", "application/json; charset=utf-8").end(body.encode());
  }

  // ---------------------------------------------------------------- input

  private static JsonArray items(JsonObject body) {
    if (!(body.getValue("items") instanceof JsonArray items) || items.isEmpty()) {
      throw oracle("INVALID_REQUEST", "items must be a non-empty array", "items");
    }
    if (items.size() > MAX_ITEMS) {
      throw oracle("INVALID_REQUEST", "at most " + MAX_ITEMS + " items", "items");
    }
    return items;
  }

  private static JsonObject item(JsonArray items, int i) {
    if (!(items.getValue(i) instanceof JsonObject o)) {
      throw oracle("INVALID_REQUEST", "each item must be an object", "items[" + i + "]");
    }
    return o;
  }

  private static Long optionalAmount(JsonObject item, String field, String path) {
    if (item.getValue(field) == null) {
      return null;
    }
    try {
      return Bodies.rupees(item, field);
    } catch (ApiError e) {
      throw oracle("INVALID_AMOUNT", field + " " + Bodies.RUPEES, path + "." + field);
    }
  }

  private static Integer optionalPoints(JsonObject item, String path) {
    Object v = item.getValue("points");
    if (v == null) {
      return null;
    }
    if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() > Integer.MAX_VALUE) {
      throw oracle("INVALID_AMOUNT", "points must be a whole number", path + ".points");
    }
    return ((Number) v).intValue();
  }

  /** Oracle's address fields as the storefront's, validated by the same rules. */
  private static Address occAddress(Object value, String path) {
    if (!(value instanceof JsonObject a)) {
      throw oracle("INVALID_ADDRESS", "billingAddress must be an object", path);
    }
    Function<String, Object> f = a::getValue;
    JsonObject mapped = new JsonObject().put("first_name", f.apply("firstName")).put("last_name", f.apply("lastName"))
        .put("phone", f.apply("phoneNumber")).put("email", f.apply("email")).put("address_line1", f.apply("address1"))
        .put("address_line2", f.apply("address2")).put("pincode", f.apply("postalCode")).put("city", f.apply("city"))
        .put("state", f.apply("state")).put("country", f.apply("country") == null || "IN".equals(f.apply("country")) ? "India" : f.apply("country"));
    try {
      return CartJson.parseAddress(mapped, "billingAddress");
    } catch (ApiError e) {
      throw new ApiError(400, "INVALID_ADDRESS", e.getMessage(), new JsonObject().put("o:errorPath", path));
    }
  }

  static ApiError oracle(String code, String message, String path) {
    return new ApiError(400, code, message, new JsonObject().put("o:errorPath", path));
  }

  /** Oracle's error model: {@code {errorCode, message, status, o:errorPath}}. */
  private static void oracleError(RoutingContext ctx) {
    Throwable f = ctx.failure();
    ApiError e = f instanceof ApiError a ? a : f != null && f.getCause() instanceof ApiError a ? a : null;
    if (e == null) {
      Problems.handle(ctx); // not a client error: the usual 401/404/503 handling
      return;
    }
    JsonObject body = new JsonObject().put("errorCode", e.code()).put("message", e.getMessage()).put("status", String.valueOf(e.status()));
    if (e.errors() != null && e.errors().getValue("o:errorPath") instanceof String p) {
      body.put("o:errorPath", p);
    }
    ctx.response().setStatusCode(e.status()).putHeader("content-type", "application/json; charset=utf-8").end(body.encode());
  }

}
