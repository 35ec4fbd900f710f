package dev.tender.http;

import dev.tender.cluster.PartitionRouter;
import dev.tender.cluster.Request;
import dev.tender.cluster.Response;
import dev.tender.money.Money;
import dev.tender.wallet.AccountType;
import dev.tender.wallet.GiftCardNumbers;
import dev.tender.wallet.LedgerEntry;
import dev.tender.wallet.PinHasher;
import dev.tender.wallet.WalletCommand;
import dev.tender.wallet.WalletReply;
import dev.tender.wallet.WalletStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Operators' wallet routes under {@code /api/v1/{store_id}/admin} (behind the admin key): issue,
 * read and disable gift cards; adjust a user's store credit and loyalty points; read a user's wallet
 * with its ledger. Money is in major units as JSON numbers; points are integers.
 */
final class WalletAdminRoutes {
  private static final int LEDGER_SHOWN = 200;
  private static final int REASON_MAX_CHARS = 200;
  /** ₹10 000 000 000 in paise (and as many points): far above any real amount, far below overflow. */
  static final long AMOUNT_MAX = 1_000_000_000_000L;

  private final PartitionRouter<WalletCommand, WalletReply> wallets;
  private final WalletStore store;
  private final PinHasher pins;
  private final String pinSecret;
  private final String currency;
  private final long pointValueMinor;

  WalletAdminRoutes(PartitionRouter<WalletCommand, WalletReply> wallets, WalletStore store, String pinSecret, String currency,
                    long pointValueMinor) {
    this.wallets = wallets;
    this.store = store;
    this.pins = new PinHasher(pinSecret);
    this.pinSecret = pinSecret;
    this.currency = currency;
    this.pointValueMinor = pointValueMinor;
  }

  void mount(Router r, String prefix) {
    r.post(prefix + "/gift-cards").handler(this::issue);
    r.get(prefix + "/gift-cards/:number").handler(this::giftCard);
    r.post(prefix + "/gift-cards/:number/disable").handler(this::disable);
    r.post(prefix + "/customers/:user_id/credit").handler(ctx -> adjust(ctx, AccountType.CREDIT));
    r.post(prefix + "/customers/:user_id/loyalty").handler(ctx -> adjust(ctx, AccountType.LOYALTY));
    r.get(prefix + "/customers/:user_id/wallet").handler(this::wallet);
  }

  private void issue(RoutingContext ctx) {
    JsonObject body = Bodies.object(ctx);
    long amount = positiveMoney(body, "amount");
    String unit = body.getValue("currency") == null ? currency : Bodies.optionalString(body, "currency");
    if (!currency.equals(unit)) {
      throw new ApiError(400, "CURRENCY_MISMATCH", "this store issues gift cards in " + currency);
    }
    Instant expires = Bodies.optionalInstant(body, "expires_at");
    if (expires != null && !expires.isAfter(Instant.now())) {
      throw ApiError.invalidField("expires_at", "must be in the future");
    }
    boolean withPin = Bodies.optionalBoolean(body, "with_pin", true);
    String idempotencyKey = ctx.request().getHeader(Idempotency.HEADER);
    GiftCardNumbers.Issued card = idempotencyKey == null ? GiftCardNumbers.random() : GiftCardNumbers.derived(pinSecret, idempotencyKey);
    String key = AccountType.GIFT_CARD.key(card.number());
    WalletCommand command = new WalletCommand.Issue(key, amount, unit, expires, withPin ? pins.hash(key, card.pin()) : null, "admin issue");
    send(ctx, command, AccountType.GIFT_CARD).onSuccess(v -> {
      Envelope.created(ctx, "gift card issued", new JsonObject().put("gift_card",
          giftCardJson(v, card.number()).put("pin", withPin ? card.pin() : null)));
    });
  }

  private void giftCard(RoutingContext ctx) {
    String key = giftCardKey(ctx);
    wallets.read(new WalletCommand.Get(key)).compose(r -> WalletProblems.view(r, AccountType.GIFT_CARD))
        .compose(v -> "none".equals(v.status()) ? Future.failedFuture(ApiError.notFound("gift card"))
            : store.ledger(key, LEDGER_SHOWN).map(ledger -> new JsonObject()
                .put("gift_card", giftCardJson(v, GiftCardNumbers.masked(AccountType.GIFT_CARD.idOf(key))))
                .put("ledger", ledgerJson(ledger, false))))
        .onSuccess(content -> Envelope.ok(ctx, "gift card", content))
        .onFailure(ctx::fail);
  }

  private void disable(RoutingContext ctx) {
    String key = giftCardKey(ctx);
    Request<WalletCommand> request = Idempotency.request(ctx, new WalletCommand.Disable(key), Idempotency.ADMIN_SCOPE);
    wallets.send(request).compose(r -> WalletProblems.view(r, AccountType.GIFT_CARD))
        .recover(e -> Future.failedFuture(e instanceof ApiError a && "INVALID_GIFT_CARD".equals(a.code()) ? ApiError.notFound("gift card") : e))
        .onSuccess(v -> Envelope.ok(ctx, "gift card disabled",
            new JsonObject().put("gift_card", giftCardJson(v, GiftCardNumbers.masked(AccountType.GIFT_CARD.idOf(key))))))
        .onFailure(ctx::fail);
  }

  private void adjust(RoutingContext ctx, AccountType type) {
    String user = userId(ctx);
    JsonObject body = Bodies.object(ctx);
    boolean points = type == AccountType.LOYALTY;
    long amount;
    if (points) {
      amount = Bodies.requiredInt(body, "points");
    } else {
      amount = Bodies.rupees(body, "amount");
    }
    if (amount == 0 || Math.abs(amount) > AMOUNT_MAX) {
      throw ApiError.invalidField(points ? "points" : "amount", amount == 0 ? "must not be zero" : "is out of range");
    }
    String reason = Bodies.requiredString(body, "reason");
    Bodies.maxChars("reason", reason, REASON_MAX_CHARS);
    send(ctx, new WalletCommand.Adjust(type.key(user), amount, "admin: " + reason), type).onSuccess(v -> {
      LedgerEntry line = v.recent().get(v.recent().size() - 1);
      Envelope.ok(ctx, points ? "loyalty points adjusted" : "credit adjusted", new JsonObject()
          .put(points ? "loyalty_points" : "credit_balance", amountJson(v.available(), points))
          .put("ledger_entry", entryJson(line, points)));
    });
  }

  private void wallet(RoutingContext ctx) {
    String user = userId(ctx);
    String credit = AccountType.CREDIT.key(user);
    String loyalty = AccountType.LOYALTY.key(user);
    Future<WalletReply.View> c = wallets.read(new WalletCommand.Get(credit)).compose(r -> WalletProblems.view(r, AccountType.CREDIT));
    Future<WalletReply.View> l = wallets.read(new WalletCommand.Get(loyalty)).compose(r -> WalletProblems.view(r, AccountType.LOYALTY));
    Future<List<LedgerEntry>> cl = store.ledger(credit, LEDGER_SHOWN);
    Future<List<LedgerEntry>> ll = store.ledger(loyalty, LEDGER_SHOWN);
    Future.all(c, l, cl, ll).onSuccess(all -> {
      record Line(LedgerEntry entry, boolean points) {}
      List<Line> lines = new ArrayList<>();
      // A never-written account shows its opening lines (the welcome balance) from its view.
      (cl.result().isEmpty() ? c.result().recent() : cl.result()).forEach(e -> lines.add(new Line(e, false)));
      (ll.result().isEmpty() ? l.result().recent() : ll.result()).forEach(e -> lines.add(new Line(e, true)));
      lines.sort(Comparator.comparing((Line x) -> x.entry().at()).thenComparing(x -> x.entry().seq()));
      JsonArray ledger = new JsonArray();
      lines.forEach(x -> ledger.add(entryJson(x.entry(), x.points()).put("account", x.points() ? "loyalty" : "credit")));
      Envelope.ok(ctx, "wallet", new JsonObject()
          .put("credit_balance", Money.toDecimal(c.result().available()))
          .put("credit_held", Money.toDecimal(c.result().held()))
          .put("loyalty_points", l.result().available())
          .put("loyalty_held", l.result().held())
          .put("point_value", Money.toDecimal(pointValueMinor))
          .put("ledger", ledger));
    }).onFailure(ctx::fail);
  }

  /** Sends a mutation under the operator's idempotency key (or a minted one) and answers rejections. */
  private Future<WalletReply.View> send(RoutingContext ctx, WalletCommand command, AccountType type) {
    Request<WalletCommand> request = Idempotency.request(ctx, command, Idempotency.ADMIN_SCOPE);
    return wallets.send(request).compose(r -> WalletProblems.view(r, type)).onFailure(ctx::fail);
  }


  private JsonObject giftCardJson(WalletReply.View v, String number) {
    return new JsonObject().put("number", number).put("balance", Money.toDecimal(v.available())).put("held", Money.toDecimal(v.held()))
        .put("currency", v.unit()).put("status", v.status()).put("has_pin", v.hasPin())
        .put("expires_at", v.expiresAt() == null ? null : v.expiresAt().toString());
  }

  private static JsonArray ledgerJson(List<LedgerEntry> lines, boolean points) {
    JsonArray a = new JsonArray();
    lines.forEach(e -> a.add(entryJson(e, points)));
    return a;
  }

  private static JsonObject entryJson(LedgerEntry e, boolean points) {
    return new JsonObject().put("seq", e.seq()).put("type", e.type().wire()).put("amount", amountJson(e.amount(), points))
        .put("hold_id", e.holdId()).put("reference", e.reference()).put("at", e.at().toString())
        .put("balance_after", amountJson(e.balanceAfter(), points)).put("held_after", amountJson(e.heldAfter(), points));
  }

  private static Object amountJson(long amount, boolean points) {
    return points ? (Object) amount : Money.toDecimal(amount);
  }

  private static long positiveMoney(JsonObject body, String field) {
    long minor = Bodies.rupees(body, field);
    if (minor <= 0 || minor > AMOUNT_MAX) {
      throw ApiError.invalidField(field, minor <= 0 ? "must be positive" : "is out of range");
    }
    return minor;
  }

  private static String giftCardKey(RoutingContext ctx) {
    String number = ctx.pathParam("number");
    if (!GiftCardNumbers.wellFormed(number)) {
      throw new ApiError(404, "NOT_FOUND", "gift card not found");
    }
    return AccountType.GIFT_CARD.key(number);
  }

  private static String userId(RoutingContext ctx) {
    String id = ctx.pathParam("user_id");
    if (id == null || id.isEmpty() || id.length() > 64 || !id.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_')) {
      throw ApiError.invalidField("user_id", "must be a user id");
    }
    return id;
  }
}
