package dev.tender.http;

import dev.tender.cluster.PartitionRouter;
import dev.tender.order.Order;
import dev.tender.order.OrderBehaviour;
import dev.tender.order.OrderCommand;
import dev.tender.order.OrderKind;
import dev.tender.order.OrderReply;
import dev.tender.payment.PayuHash;
import dev.tender.account.LoginKind;
import dev.tender.account.UserKind;
import dev.tender.auth.TokenService;
import dev.tender.cart.CartCommand;
import dev.tender.cart.CartPricing;
import dev.tender.cart.CartReply;
import dev.tender.catalog.Catalog;
import dev.tender.cluster.Documents;
import dev.tender.cluster.KindModule;
import dev.tender.cluster.PartitionKeeper;
import dev.tender.cluster.PartitionOwnerStore;
import dev.tender.cluster.PartitionRouter;
import dev.tender.cluster.Routers;
import dev.tender.config.TenderConfig;
import dev.tender.promo.CouponStore;
import dev.tender.promo.PromoKind;
import dev.tender.wallet.WalletKind;
import dev.tender.wallet.WalletStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The storefront HTTP server (and the operators' admin routes). Deployed as several instances
 * sharing one port (Vert.x balances connections between them); each instance runs on its own event
 * loop and holds no cart state.
 */
public final class StorefrontServer extends VerticleBase {
  static final long BODY_LIMIT_BYTES = 64 * 1024;

  /** What the routes need from the node. */
  public record Services(TenderConfig config, String nodeId, Catalog catalog, TokenService tokens,
                         PartitionRouter<CartCommand, CartReply> carts, Routers routers, PartitionOwnerStore owners,
                         Map<String, PartitionKeeper> keepers, List<KindModule> modules, WalletStore walletStore,
                         CouponStore promoStore, Documents<Order> orderStore, OrderBehaviour orderRules,
                         CartPricing pricing, dev.tender.promo.Promotions promotions, Clock clock,
                         java.util.function.Supplier<Future<Void>> databasePing,
                         java.util.function.BooleanSupplier draining, AccountParts accounts,
                         dev.tender.metrics.TenderMetrics metrics) {}

  /**
   * What the account routes need beside the kinds, one of each per node (the throttle counts all the
   * node's HTTP verticles' requests).
   *
   * @param echoOtp the development profile answers the code itself under {@code x-debug-mode: true}
   */
  public record AccountParts(dev.tender.account.PasswordHasher hasher, dev.tender.account.OtpCodes otps,
                             dev.tender.account.OtpSender sender, ClientThrottle throttle, boolean echoOtp, Clock clock) {}

  private final Services services;

  public StorefrontServer(Services services) {
    this.services = services;
  }

  @Override
  public Future<?> start() {
    TenderConfig c = services.config();
    return vertx.createHttpServer(new HttpServerOptions().setHost(c.host()).setPort(c.port()))
        .requestHandler(router())
        .listen();
  }

  Router router() {
    TenderConfig c = services.config();
    Router r = Router.router(vertx);
    r.route().handler(CorsHandler.create()
        .addOriginWithRegex(".*")
        .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE))
        .allowedHeaders(Set.of("Authorization", "X-Api-Key", "Content-Type", "x-customer-group-id", "x-debug-mode",
            Idempotency.HEADER)));
    r.route().handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES));
    Guards guards = new Guards(services.tokens(), c.apiKey());
    new AuthRoutes(services.tokens(), guards).mount(r, c.basePath());
    UserClient users = new UserClient(services.routers().of(UserKind.KIND));
    // Vert.x Web tries routes in mount order, matching each path pattern with a regular expression, so the
    // hot ones (carts, orders) go first: a cart request then never tests the account, address and catalog
    // patterns. Only /carts/available-* must come before /carts/:id.
    CartRoutes cartRoutes = new CartRoutes(services.carts(), services.catalog(), guards, users);
    CouponRoutes coupons = new CouponRoutes(cartRoutes, services.carts(), services.routers().of(PromoKind.KIND), services.promoStore(),
        services.pricing(), services.promotions(), services.clock());
    coupons.mountListings(r, c.basePath(), guards.bearer());
    cartRoutes.mount(r, c.basePath());
    coupons.mount(r, c.basePath(), guards.bearer());
    new LoyaltyRoutes(services.routers().of(WalletKind.KIND), services.walletStore()).mount(r, c.basePath(), guards.bearer());
    new CartTenderRoutes(cartRoutes, services.routers().of(WalletKind.KIND), services.catalog().currency().code())
        .mount(r, c.basePath(), guards.bearer());
    PartitionRouter<OrderCommand, OrderReply> orders = services.routers().of(OrderKind.KIND);
    OrderPlacement placement = new OrderPlacement(services.carts(), services.routers().of(WalletKind.KIND),
        services.routers().of(PromoKind.KIND), orders, services.orderStore(), services.catalog());
    PayuHash payu = new PayuHash(c.payuKey(), c.payuSalt());
    new OrderRoutes(placement, orders, services.orderStore(), services.orderRules(),
        new OrderRoutes.Payu(payu, c.payuKey(), c.publicUrl(), c.storeId()),
        new PayuReconciler(vertx, orders, payu, c.payuKey(), c.payuUrl(), c.paymentReconcileAfter(), services.clock()), services.clock())
        .mount(r, c.basePath(), guards.bearer());
    new CatalogRoutes(services.catalog(), guards).mount(r, c.basePath());
    new AccountRoutes(vertx, services.tokens(), services.routers().of(LoginKind.KIND), users, new SignInHandoff(services.carts()),
        services.accounts()).mount(r, c.basePath(), guards.bearer());
    new AddressRoutes(users).mount(r, c.basePath(), guards.bearer());
    // One store per node, so it is also the default store the root OCC path means.
    new OccPaymentRoutes(services.carts(), services.routers().of(WalletKind.KIND), services.catalog().currency().code(),
        c.loyaltyPointValueMinor()).mount(r, c.basePath(), c.storeId(), true, guards.bearer());
    new PayuRoutes(vertx, orders, payu, c.payuKey(), c.storefrontReturnUrl(), services.metrics()).mount(r, c.storeId(), c.testGateway());
    new AdminRoutes(services, c.adminKey()).mount(r);
    new HealthRoutes(vertx, services).mount(r);
    new OpenApiRoutes(vertx, c.storeId(), Map.of("test_gateway", c.testGateway(), "metrics", services.metrics().enabled())).mount(r);
    r.get("/health").handler(ctx -> Envelope.ok(ctx, "up",
        new JsonObject().put("status", "UP").put("store", c.store().name().toLowerCase()).put("node_id", services.nodeId())));
    r.route().failureHandler(Problems::handle);
    for (int status : new int[] {404, 405, 413, 415}) {
      r.errorHandler(status, ctx -> Problems.byStatus(ctx, status));
    }
    return r;
  }
}
