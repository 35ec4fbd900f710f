package dev.tender.http;

import dev.tender.cluster.PartitionRouter;
import dev.tender.cluster.Response;
import dev.tender.wallet.AccountType;
import dev.tender.wallet.LedgerEntry;
import dev.tender.wallet.WalletCommand;
import dev.tender.wallet.WalletReply;
import dev.tender.wallet.WalletStore;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * A customer's loyalty account as the storefront SDK reads it ({@code CustomerLoyalty} and
 * {@code LoyaltyPointActivity}), from the loyalty ledger. Only the customer themself may read it;
 * anyone else's looks like nothing (404). Holds and their releases are not activity: they never
 * changed the balance.
 */
final class LoyaltyRoutes {
  private static final int LEDGER_READ = 1_000;
  private static final int PAGE_MAX = 100;

  private final PartitionRouter<WalletCommand, WalletReply> wallets;
  private final WalletStore store;

  LoyaltyRoutes(PartitionRouter<WalletCommand, WalletReply> wallets, WalletStore store) {
    this.wallets = wallets;
    this.store = store;
  }

  void mount(Router r, String base, Handler<RoutingContext> bearer) {
    r.get(base + "/customers/:customer_id/loyalty").handler(bearer).handler(this::loyalty);
    r.get(base + "/customers/:customer_id/loyalty-points-activity").handler(bearer).handler(this::activity);
  }

  private void loyalty(RoutingContext ctx) {
    String customer = ownCustomer(ctx);
    lines(customer).onSuccess(account -> {
      long earned = 0;
      long redeemed = 0;
      for (LedgerEntry e : account.lines()) {
        long change = change(e);
        if (change > 0) {
          earned += change;
        } else {
          redeemed -= change;
        }
      }
      String joined = account.lines().isEmpty() ? null : account.lines().get(0).at().toString();
      Envelope.ok(ctx, "loyalty", new JsonObject().put("loyalty", new JsonObject()
          .put("membership_number", customer).put("date_of_join", joined).put("date_of_assign", joined).putNull("date_of_reset")
          .put("current_tier", "member").put("points_earned", earned).put("points_redeemed", redeemed)
          .put("points_balance", account.view().available())
          // Orders are not built yet: no order has counted toward the programme.
          .put("total_orders", 0).put("lifetime_orders", 0).put("total_spent", 0).put("lifetime_spent", 0).put("lifetime_savings", 0)));
    }).onFailure(ctx::fail);
  }

  private void activity(RoutingContext ctx) {
    String customer = ownCustomer(ctx);
    int limit = Bodies.queryInt(ctx, "limit", 25, PAGE_MAX);
    int page = Bodies.queryInt(ctx, "page", 1, Integer.MAX_VALUE);
    lines(customer).onSuccess(account -> {
      // Newest first; only the asked page becomes JSON.
      long from = (long) (page - 1) * limit;
      JsonArray pageOf = new JsonArray();
      int total = 0;
      List<LedgerEntry> lines = account.lines();
      for (int i = lines.size() - 1; i >= 0; i--) {
        long change = change(lines.get(i));
        if (change != 0) {
          if (total >= from && pageOf.size() < limit) {
            pageOf.add(activity(lines.get(i), change));
          }
          total++;
        }
      }
      Envelope.ok(ctx, "loyalty points activity", new JsonObject().put("loyalty_points_activity", pageOf)
          .put("pagination", Envelope.pagination(total, page, limit)));
    }).onFailure(ctx::fail);
  }

  /** How a line moved the points balance (holds only set points aside, so they are not activity). */
  private static long change(LedgerEntry e) {
    return switch (e.type()) {
      case ISSUE, EARN, REFUND, ADJUST -> e.amount();
      case CAPTURE -> -e.amount();
      case HOLD, RELEASE -> 0;
    };
  }

  private static JsonObject activity(LedgerEntry e, long change) {
    String kind = switch (e.type()) {
      case ISSUE -> "signup";
      case EARN, CAPTURE -> "order-placed";
      case REFUND -> "credit-note-issued";
      case ADJUST -> change > 0 ? "bonus" : "other";
      case HOLD, RELEASE -> "other";
    };
    return new JsonObject().put("action", change > 0 ? "add" : "remove").put("activity", kind)
        .put("reference_number", e.holdId()).put("title", e.reference()).put("loyalty_points", Math.abs(change))
        .putNull("remarks").put("created_at", e.at().toString()).put("modified_at", e.at().toString());
  }

  private record Account(WalletReply.View view, List<LedgerEntry> lines) {}

  /** The account and its ledger; an account never written shows its opening lines from its view. */
  private Future<Account> lines(String customer) {
    String key = AccountType.LOYALTY.key(customer);
    Future<Response<WalletReply>> view = wallets.read(new WalletCommand.Get(key));
    Future<List<LedgerEntry>> ledger = store.ledger(key, LEDGER_READ);
    return Future.all(view, ledger).compose(v -> WalletProblems.view(view.result(), AccountType.LOYALTY))
        .map(account -> new Account(account, ledger.result().isEmpty() ? account.recent() : ledger.result()));
  }

  private static String ownCustomer(RoutingContext ctx) {
    String caller = CartRoutes.caller(ctx).value();
    if (!caller.equals(ctx.pathParam("customer_id"))) {
      throw ApiError.notFound("customer");
    }
    return caller;
  }
}
