package dev.tender.http;

import dev.tender.auth.AuthFailure;
import dev.tender.cart.CartKind;
import dev.tender.order.Order;
import dev.tender.order.OrderCommand;
import dev.tender.order.OrderKind;
import dev.tender.order.OrderNumbers;
import dev.tender.promo.PromoKind;
import dev.tender.wallet.WalletKind;
import dev.tender.cluster.KindModule;
import dev.tender.cluster.PartitionKeeper;
import dev.tender.cluster.PartitionOwnerStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Operators' view of the cluster, outside the storefront prefix and behind {@code X-Admin-Key}
 * (a key distinct from the storefront API key). {@code GET /admin/cluster} answers with the members
 * this node sees and, per partition kind, what this node runs and the ownership table of record
 * (PostgreSQL): which member owns which partition under which epoch. The cart kind is also shown at
 * the top level ({@code this_node_runs}, {@code owners}, {@code cart_partitions}).
 */
final class AdminRoutes {
  private final StorefrontServer.Services services;
  private final byte[] adminKey;

  AdminRoutes(StorefrontServer.Services services, String adminKey) {
    this.services = services;
    this.adminKey = adminKey.getBytes(StandardCharsets.UTF_8);
  }

  /** Any customer's order with what operators need besides: its holds, its attempts and its journal. */
  private void order(RoutingContext ctx) {
    String number = ctx.pathParam("number");
    if (!OrderNumbers.plausible(number)) {
      throw ApiError.notFound("order");
    }
    OrderRoutes.answer(ctx, services.routers().of(OrderKind.KIND).read(new OrderCommand.Get(number, null))).onSuccess(o -> {
      JsonArray holds = new JsonArray();
          o.holds().forEach(h -> holds.add(new JsonObject().put("tender", h.tender().name().toLowerCase(Locale.ROOT))
              .put("account", h.walletKey()).put("hold_id", h.holdId())
              // points for loyalty, rupees for money, as the wallet routes show them; value is what it pays, in rupees
              .put("amount", h.tender() == Order.Tender.LOYALTY_POINTS ? (Object) h.amount() : OrderJson.rupees(h.amount()))
              .put("value", OrderJson.rupees(h.value()))
              .put("state", h.state().name().toLowerCase(Locale.ROOT))));
      Envelope.ok(ctx, "order", new JsonObject().put("order", OrderJson.detail(o)).put("holds", holds)
          .put("attempts", OrderJson.payments(o)).put("journal", new JsonArray(o.journal()))
          .put("owner", o.owner()).put("coupon_reservation", o.couponCode() == null ? null : o.couponReservationId()));
    });
  }

  void mount(Router r) {
    new ConsoleRoutes().mount(r); // the page holds no secret (the operator gives it the key), so before the key check
    r.route("/admin/*").handler(this::requireAdminKey);
    r.get("/admin/cluster").handler(this::cluster);
    if (services.metrics().enabled()) {
      // Prometheus text; without metrics (metrics_enabled=false) the path is not served (404).
      r.get("/metrics").handler(this::requireAdminKey).handler(services.metrics().scrapingHandler());
    }
    String storeAdmin = "/api/v1/" + services.config().storeId() + "/admin";
    r.route(storeAdmin + "/*").handler(this::requireAdminKey);
    r.get(storeAdmin + "/cluster").handler(this::cluster);
    new WalletAdminRoutes(services.routers().of(WalletKind.KIND), services.walletStore(), services.config().giftCardPinSecret(),
        services.catalog().currency().code(), services.config().loyaltyPointValueMinor()).mount(r, storeAdmin);
    new CouponAdminRoutes(services.routers().of(PromoKind.KIND), services.promoStore(), services.catalog()).mount(r, storeAdmin);
    new PromotionAdminRoutes(services.routers().of(dev.tender.promo.PromotionKind.KIND), services.promotions(), services.catalog())
        .mount(r, storeAdmin);
    r.get(storeAdmin + "/orders/:number").handler(this::order);
    for (KindModule m : services.modules()) {
      m.adminRoutes(r, services.routers());
    }
  }

  private void requireAdminKey(RoutingContext ctx) {
    if (Guards.matches(adminKey, ctx.request().getHeader("X-Admin-Key"))) {
      ctx.next();
    } else {
      ctx.fail(new AuthFailure("UNAUTHORIZED", "missing or wrong X-Admin-Key"));
    }
  }

  private void cluster(RoutingContext ctx) {
    List<String> names = new ArrayList<>(services.keepers().keySet());
    List<Future<JsonObject>> views = new ArrayList<>();
    for (String kind : names) {
      views.add(kindView(kind, services.keepers().get(kind).snapshot()));
    }
    Future.all(views).onSuccess(all -> {
      JsonObject kinds = new JsonObject();
      for (int i = 0; i < names.size(); i++) {
        kinds.put(names.get(i), views.get(i).result());
      }
      JsonObject cart = kinds.getJsonObject(CartKind.NAME);
      Envelope.ok(ctx, "cluster", new JsonObject()
          .put("node_id", services.nodeId())
          .put("members", new JsonArray(services.keepers().get(CartKind.NAME).snapshot().members()))
          .put("partition_count", services.config().partitions())
          .put("this_node_runs", cart.getJsonObject("this_node_runs"))
          .put("owners", cart.getJsonObject("owners"))
          .put("cart_partitions", cart.getJsonArray("partitions"))
          .put("kinds", kinds));
    }).onFailure(ctx::fail);
  }

  private Future<JsonObject> kindView(String kind, PartitionKeeper.Snapshot local) {
    return services.owners().all(kind).map(all -> {
      Map<String, JsonObject> byOwner = new TreeMap<>();
      JsonArray table = new JsonArray();
      for (PartitionOwnerStore.Ownership o : all) {
        table.add(new JsonObject().put("partition", o.partition()).put("owner", o.owner()).put("epoch", o.epoch())
            .put("acquired_at", o.acquiredAt().toString()));
        JsonObject owner = byOwner.computeIfAbsent(o.owner().isEmpty() ? "(released)" : o.owner(),
            k -> new JsonObject().put("partitions", new JsonArray()).put("epochs", new JsonObject()));
        owner.getJsonArray("partitions").add(o.partition());
        owner.getJsonObject("epochs").put(String.valueOf(o.partition()), o.epoch());
      }
      JsonObject runs = new JsonObject();
      new TreeMap<>(local.epochs()).forEach((p, e) -> runs.put(String.valueOf(p), e));
      return new JsonObject().put("this_node_runs", runs).put("owners", new JsonObject(new LinkedHashMap<>(byOwner)))
          .put("partitions", table);
    });
  }
}
