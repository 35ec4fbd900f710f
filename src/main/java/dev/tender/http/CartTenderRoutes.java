package dev.tender.http;

import dev.tender.cart.CartCommand;
import dev.tender.cart.CartCommand.TenderChange;
import dev.tender.cart.Tenders;
import dev.tender.cluster.PartitionRouter;
import dev.tender.cluster.Request;
import dev.tender.cluster.Response;
import dev.tender.money.Money;
import dev.tender.wallet.AccountType;
import dev.tender.wallet.GiftCardNumbers;
import dev.tender.wallet.WalletCommand;
import dev.tender.wallet.WalletReply;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Paying with loyalty points, store credit and gift cards from the cart. Applying asks the wallet for
 * the balance (and checks a gift card's PIN), then records the choice on the cart; nothing is held
 * until an order is placed, so the cart's pricing caps each at what is left to pay.
 */
final class CartTenderRoutes {
  private final CartRoutes carts;
  private final PartitionRouter<WalletCommand, WalletReply> wallets;
  private final String currency;

  CartTenderRoutes(CartRoutes carts, PartitionRouter<WalletCommand, WalletReply> wallets, String currency) {
    this.carts = carts;
    this.wallets = wallets;
    this.currency = currency;
  }

  void mount(Router r, String base, io.vertx.core.Handler<RoutingContext> bearer) {
    r.post(base + "/carts/:id/loyalty-points").handler(bearer).handler(this::redeemPoints);
    r.delete(base + "/carts/:id/loyalty-points").handler(bearer).handler(ctx -> change(ctx, new TenderChange.LoyaltyPoints(0),
        "loyalty points removed"));
    r.post(base + "/carts/:id/credit-balance").handler(bearer).handler(this::redeemCredit);
    r.delete(base + "/carts/:id/credit-balance").handler(bearer).handler(ctx -> change(ctx, new TenderChange.Credit(0),
        "credit balance removed"));
    r.post(base + "/carts/:id/gift-card").handler(bearer).handler(this::applyGiftCard);
    r.delete(base + "/carts/:id/gift-card").handler(bearer).handler(this::removeGiftCard);
  }

  private void redeemPoints(RoutingContext ctx) {
    int points = Bodies.requiredInt(Bodies.object(ctx), "loyalty_point_redeemed");
    if (points < 0) {
      throw ApiError.invalidField("loyalty_point_redeemed", "must not be negative");
    }
    String account = AccountType.LOYALTY.key(CartRoutes.caller(ctx).value());
    balance(ctx, new WalletCommand.Enquire(account, null, null), AccountType.LOYALTY).onSuccess(v -> {
      if (points > v.available()) {
        ctx.fail(new ApiError(400, "INSUFFICIENT_LOYALTY_POINTS", "you have " + v.available() + " points"));
      } else {
        change(ctx, new TenderChange.LoyaltyPoints(points), "loyalty points applied");
      }
    });
  }

  private void redeemCredit(RoutingContext ctx) {
    long minor = Bodies.rupees(Bodies.object(ctx), "credit_balance_used");
    if (minor < 0) {
      throw ApiError.invalidField("credit_balance_used", "must not be negative");
    }
    String account = AccountType.CREDIT.key(CartRoutes.caller(ctx).value());
    balance(ctx, new WalletCommand.Enquire(account, null, currency), AccountType.CREDIT).onSuccess(v -> {
      if (minor > v.available()) {
        ctx.fail(new ApiError(400, "INSUFFICIENT_CREDIT_BALANCE", "your credit balance is " + Money.format(v.available())));
      } else {
        change(ctx, new TenderChange.Credit(minor), "credit balance applied");
      }
    });
  }

  private void applyGiftCard(RoutingContext ctx) {
    JsonObject body = Bodies.object(ctx);
    String number = Bodies.requiredString(body, "gift_card_number");
    String pin = Bodies.optionalString(body, "pin");
    Long amount = null;
    if (body.getValue("amount") != null) {
      amount = Bodies.rupees(body, "amount");
      if (amount <= 0) {
        throw ApiError.invalidField("amount", "must be positive");
      }
    }
    if (!GiftCardNumbers.wellFormed(number) || (pin != null && !pin.matches("[0-9]{6}"))) {
      throw new ApiError(400, "INVALID_GIFT_CARD", "invalid gift card or PIN");
    }
    Long requested = amount;
    balance(ctx, new WalletCommand.Enquire(AccountType.GIFT_CARD.key(number), pin, currency), AccountType.GIFT_CARD).onSuccess(v -> {
      if (v.available() <= 0 || (requested != null && requested > v.available())) {
        ctx.fail(new ApiError(400, "INSUFFICIENT_GIFT_CARD_BALANCE", "the card's available balance is " + Money.format(v.available())));
      } else {
        change(ctx, new TenderChange.AddGiftCard(new Tenders.GiftCard(number, requested, v.available())), "gift card applied");
      }
    });
  }

  private void removeGiftCard(RoutingContext ctx) {
    String number = Bodies.requiredString(Bodies.object(ctx), "gift_card_number");
    if (!GiftCardNumbers.wellFormed(number)) {
      throw new ApiError(400, "INVALID_GIFT_CARD", "invalid gift card");
    }
    change(ctx, new TenderChange.RemoveGiftCard(number), "gift card removed");
  }

  private void change(RoutingContext ctx, TenderChange change, String message) {
    carts.answer(ctx, new CartCommand.ChangeTenders(CartRoutes.caller(ctx), CartRoutes.cartId(ctx), change), message);
  }

  /**
   * The account's view, or the request failed with the wallet's answer. An enquiry with a PIN counts
   * a wrong PIN, so it is a mutation under a key of the server's own (the client's key, if any, belongs
   * to the cart change that follows).
   */
  private Future<WalletReply.View> balance(RoutingContext ctx, WalletCommand.Enquire enquiry, AccountType type) {
    Future<Response<WalletReply>> sent = enquiry.pin() == null ? wallets.read(enquiry)
        : wallets.send(Idempotency.minted(enquiry, CartRoutes.caller(ctx).value()));
    return sent.compose(r -> WalletProblems.view(r, type)).onFailure(ctx::fail);
  }
}
