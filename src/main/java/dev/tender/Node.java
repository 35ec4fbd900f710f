package dev.tender;

import com.github.f4b6a3.ulid.UlidCreator;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.ListenerConfig;
import com.hazelcast.config.XmlConfigBuilder;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleListener;
import dev.tender.account.AccountWire;
import dev.tender.account.Login;
import dev.tender.account.LoginKind;
import dev.tender.account.LoggingOtpSender;
import dev.tender.account.OtpCodes;
import dev.tender.account.PasswordHasher;
import dev.tender.account.User;
import dev.tender.account.UserCommand;
import dev.tender.account.UserKind;
import dev.tender.account.UserReply;
import dev.tender.auth.RefreshTokenPruner;
import dev.tender.auth.RevokedSessions;
import dev.tender.auth.RefreshTokenStore;
import dev.tender.auth.TokenService;
import dev.tender.cart.CartBehaviour;
import dev.tender.cart.CartCommand;
import dev.tender.cart.CartKind;
import dev.tender.cart.CartPricing;
import dev.tender.cart.CartReply;
import dev.tender.cart.ShippingPolicy;
import dev.tender.catalog.Catalog;
import dev.tender.cluster.Backend;
import dev.tender.cluster.Documents;
import dev.tender.cluster.Kind;
import dev.tender.cluster.KindCodecs;
import dev.tender.cluster.KindModule;
import dev.tender.cluster.KindRuntime;
import dev.tender.cluster.Leases;
import dev.tender.cluster.PartitionActor;
import dev.tender.cluster.PartitionKeeper;
import dev.tender.cluster.PartitionOwnerStore;
import dev.tender.cluster.PartitionRouter;
import dev.tender.cluster.Response;
import dev.tender.cluster.PartitionStore;
import dev.tender.cluster.Routers;
import dev.tender.config.TenderConfig;
import dev.tender.http.ClientThrottle;
import dev.tender.http.PaymentSweeper;
import dev.tender.http.StorefrontServer;
import dev.tender.logging.Logs;
import dev.tender.metrics.TenderMetrics;
import dev.tender.promo.CouponStore;
import dev.tender.promo.DemoCoupons;
import dev.tender.order.Order;
import dev.tender.order.OrderBehaviour;
import dev.tender.order.OrderKind;
import dev.tender.order.OrderWire;
import dev.tender.promo.PromoKind;
import dev.tender.promo.PromoWire;
import dev.tender.promo.PromotionKind;
import dev.tender.promo.PromotionState;
import dev.tender.promo.PromotionWire;
import dev.tender.promo.Promotions;
import dev.tender.store.Backends;
import dev.tender.store.InMemoryCouponStore;
import dev.tender.store.InMemoryPartitionOwnerStore;
import dev.tender.store.InMemoryPartitionStore;
import dev.tender.store.InMemoryRefreshTokenStore;
import dev.tender.store.InMemoryShopperStore;
import dev.tender.store.InMemoryWalletStore;
import dev.tender.store.Migrations;
import dev.tender.store.PgCouponStore;
import dev.tender.store.PgPartitionOwnerStore;
import dev.tender.store.PgPartitionStore;
import dev.tender.store.PgRefreshTokenStore;
import dev.tender.store.PgShopperStore;
import dev.tender.store.PgWalletStore;
import dev.tender.wallet.PinHasher;
import dev.tender.wallet.WalletBehaviour;
import dev.tender.wallet.WalletKind;
import dev.tender.wallet.WalletStore;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.FileNotFoundException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Tender node: stores, catalog, the partitions this node owns (all of them when alone; its share
 * of the {@code cluster.PartitionTable} in a cluster) and the storefront HTTP server, wired in
 * start-up order. Tests start nodes in-process through here.
 */
public final class Node {
  private static final Logger LOG = LoggerFactory.getLogger(Node.class);
  private volatile boolean stopping;
  /** Set on SIGTERM: readiness says DOWN while requests are still served, so load balancers stop routing here first. */
  private volatile boolean draining;
  static final String DEMO_CATALOG = "dev/tender/catalog/demo-catalog.json";

  private final Vertx vertx;
  private final TenderConfig config;
  private final String nodeId;
  private final Supplier<List<String>> members;
  private final Pool pool;
  /** Ownership (acquire, renew, confirm) on its own connections, so a busy write path never delays a lease renewal. */
  private final Pool ownershipPool;
  private final List<String> deployments = new ArrayList<>();
  private final List<String> keeperDeployments = new ArrayList<>();
  private final List<Kind<?, ?>> kinds = new ArrayList<>();
  private final Promise<Void> evicted = Promise.promise();
  private volatile RefreshTokenPruner pruner;
  private volatile RevokedSessions revokedSessions;
  private volatile PaymentSweeper sweeper;
  /** This node's snapshot of the automatic promotions (kept fresh until {@link #stop()}). */
  private volatile Promotions promotionSnapshot;
  private final TenderMetrics metrics;

  private Node(Vertx vertx, TenderConfig config, String nodeId, Supplier<List<String>> members, Pool pool, Pool ownershipPool,
               TenderMetrics metrics) {
    this.metrics = metrics;
    this.ownershipPool = ownershipPool;
    this.vertx = vertx;
    this.config = config;
    this.nodeId = nodeId;
    this.members = members;
    this.pool = pool;
  }

  /**
   * Creates the Vert.x instance this configuration asks for (clustered with Hazelcast and
   * {@code cluster.xml}, or standalone) and starts a node on it; {@link #close()} undoes both.
   */
  public static Future<Node> boot(TenderConfig config) {
    Logs.install(); // before Vert.x and Hazelcast make their loggers
    // One event loop per core: HTTP verticles and partitions then share loops, and a request whose
    // partition lives on its own loop is handed over without waking another thread.
    VertxOptions options = new VertxOptions().setEventLoopPoolSize(Runtime.getRuntime().availableProcessors());
    // Metrics (GET /metrics): a registry of this node's own; Vert.x 5 takes its factory through the builder.
    TenderMetrics metrics = config.metricsEnabled() ? TenderMetrics.prometheus() : TenderMetrics.OFF;
    VertxMetricsFactory metricsFactory = metrics.configure(options, "tender-" + UlidCreator.getUlid());
    if (!config.cluster()) {
      Vertx vertx = builder(options, metricsFactory).build();
      return start(vertx, config, null, metrics).recover(e -> vertx.close().transform(v -> Future.failedFuture(e)));
    }
    Config hazelcast;
    try {
      hazelcast = new XmlConfigBuilder(config.clusterConfig()).build();
    } catch (FileNotFoundException e) {
      return Future.failedFuture(new IllegalArgumentException("cluster config not found: " + config.clusterConfig()));
    }
    if (!config.clusterName().isBlank()) {
      hazelcast.setClusterName(config.clusterName());
    }
    // Listeners given in the config see every event from the instance's first moment: a merge during
    // start-up is not missed, and operators see membership changes although Hazelcast logs at WARNING.
    Promise<Void> merged = Promise.promise();
    hazelcast.addListenerConfig(new ListenerConfig((LifecycleListener) event -> {
      if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
        LOG.warn("this member was split from the cluster and merged back; it must rejoin afresh");
        merged.tryComplete();
      } else if (event.getState() == LifecycleEvent.LifecycleState.MERGING) {
        LOG.warn("this member was split from the cluster and is merging back");
      }
    }));
    hazelcast.addListenerConfig(new ListenerConfig(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        LOG.info("cluster: member " + event.getMember().getAddress() + " joined; " + event.getMembers().size() + " members");
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        LOG.info("cluster: member " + event.getMember().getAddress() + " left; " + event.getMembers().size() + " members");
      }
    }));
    HazelcastClusterManager manager = new HazelcastClusterManager(hazelcast);
    options.setEventBusOptions(new EventBusOptions().setHost(config.host()).setPort(0));
    return builder(options, metricsFactory).withClusterManager(manager).buildClustered()
        .compose(vertx -> start(vertx, config, manager, metrics)
            .onSuccess(node -> merged.future().onSuccess(v -> node.evicted.tryComplete()))
            .recover(e -> vertx.close().transform(v -> Future.failedFuture(e))));
  }

  private static VertxBuilder builder(VertxOptions options, VertxMetricsFactory metricsFactory) {
    VertxBuilder builder = Vertx.builder().with(options);
    return metricsFactory == null ? builder : builder.withMetrics(metricsFactory);
  }

  static Future<Node> start(Vertx vertx, TenderConfig config, HazelcastClusterManager cluster, TenderMetrics metrics) {
    String nodeId = cluster != null ? cluster.getNodeId() : UlidCreator.getUlid().toString();
    Logs.node(nodeId);
    Supplier<List<String>> members = cluster != null ? cluster::getNodes : () -> List.of(nodeId);
    Pool pool = config.store() == TenderConfig.StoreKind.PG ? pool(vertx, config, config.pgPoolSize(), "tender") : null;
    Pool ownershipPool = pool == null ? null : pool(vertx, config, 2, "tender-ownership");
    Node node = new Node(vertx, config, nodeId, members, pool, ownershipPool, metrics);
    return node.deploy().map(node).recover(e -> node.stop().transform(v -> Future.failedFuture(e)));
  }

  /**
   * The PostgreSQL pool. Prepared statements are cached (parsed and planned once per connection). A
   * statement timeout and a bounded wait for a connection make a hung database fail commands fast
   * (503) instead of letting them pile up; the partitions recover on their own when it answers.
   */
  static Pool pool(Vertx vertx, TenderConfig config, int size, String name) {
    PgConnectOptions connect = PgConnectOptions.fromUri(config.pgUrl()).setCachePreparedStatements(true)
        .addProperty("statement_timeout", String.valueOf(config.pgStatementTimeoutMs()))
        // NOTICEs ("relation ... already exists, skipping" at every start) would be logged as warnings.
        .addProperty("client_min_messages", "warning");
    PoolOptions options = new PoolOptions().setName(name).setMaxSize(size).setMaxWaitQueueSize(4 * 4_096)
        .setConnectionTimeout((int) Math.max(1, config.pgStatementTimeoutMs() / 1000))
        .setConnectionTimeoutUnit(java.util.concurrent.TimeUnit.SECONDS);
    return PgBuilder.pool().with(options).connectingTo(connect).using(vertx).build();
  }

  private Future<Void> deploy() {
    Future<Void> schema = pool == null ? Future.succeededFuture() : Migrations.apply(vertx, pool).mapEmpty();
    InMemoryPartitionOwnerStore memoryOwners = new InMemoryPartitionOwnerStore();
    PartitionOwnerStore owners = pool == null ? memoryOwners : new PgPartitionOwnerStore(ownershipPool);
    PartitionStore runtimeStore = pool == null ? new InMemoryPartitionStore(memoryOwners)
        : new PgPartitionStore(pool, config.pgWritesInFlight(), metrics);
    Backend backend = pool == null ? Backends.memory() : Backends.postgres(pool);
    RefreshTokenStore refreshTokens = pool == null ? new InMemoryRefreshTokenStore() : new PgRefreshTokenStore(pool);
    if (runtimeStore.durable()) {
      LOG.info("store: PostgreSQL at " + redact(config.pgUrl()) + " (durable)");
    } else {
      LOG.warn("store: in-memory. NOT DURABLE: every cart is lost when this node stops. Use TENDER_STORE=pg for PostgreSQL.");
    }
    if (TenderConfig.DEV_PIN_SECRET.equals(config.giftCardPinSecret())) {
      LOG.warn("gift_card_pin_secret is the built-in development key; set TENDER_GIFT_CARD_PIN_SECRET for anything but development.");
    }
    if (TenderConfig.DEV_JWT_SECRET.equals(config.jwtSecret())) {
      LOG.warn("jwt_secret is the built-in development secret; set TENDER_JWT_SECRET for anything but development.");
    }
    if (TenderConfig.DEV_API_KEY.equals(config.apiKey())) {
      LOG.warn("api_key is the built-in development key; set TENDER_API_KEY for anything but development.");
    }
    if (TenderConfig.DEV_ADMIN_KEY.equals(config.adminKey())) {
      LOG.warn("admin_key is the built-in development key; set TENDER_ADMIN_KEY for anything but development.");
    }
    LOG.info("node " + nodeId + (config.cluster() ? " joined a cluster of " + members.get().size() : " runs alone"));
    Clock clock = Clock.systemUTC();
    return schema
        .compose(v -> vertx.fileSystem().readFile(DEMO_CATALOG))
        .map(Catalog::parse)
        .compose(catalog -> {
          CartPricing pricing = new CartPricing(catalog, ShippingPolicy.DEMO, config.loyaltyPointValueMinor());
          Kind<CartCommand, CartReply> cartKind = CartKind.declare(catalog);
          List<KindRuntime<?, ?, ?>> runtimes = new ArrayList<>();
          Documents<PromotionState> promotionStore = backend.documents(PromotionKind.NAME, PromotionWire.STATES, PromotionState::none);
          Promotions promotions = Promotions.of(promotionStore);
          promotionSnapshot = promotions;
          runtimes.add(CartKind.runtime(cartKind, new CartBehaviour(catalog, pricing, config.cartTtl(), promotions),
              pool == null ? new InMemoryShopperStore() : new PgShopperStore(pool)));
          WalletStore walletStore = pool == null ? new InMemoryWalletStore() : new PgWalletStore(pool);
          runtimes.add(WalletKind.runtime(new WalletBehaviour(new PinHasher(config.giftCardPinSecret()), catalog.currency().code(),
              config.welcomeCreditMinor(), config.welcomePoints()), walletStore));
          CouponStore promoStore = pool == null ? new InMemoryCouponStore() : new PgCouponStore(pool);
          runtimes.add(PromoKind.runtime(promoStore));
          runtimes.add(PromotionKind.runtime(promotionStore));
          OrderBehaviour orderRules = new OrderBehaviour(cartKind, config.orderPlacementTimeout(), config.orderHoldTtl(),
              config.paymentRetryAfter());
          // An order whose open payment attempt went unanswered for payment_reconcile_after_seconds needs the payment sweep.
          java.time.Duration reconcileAfter = config.paymentReconcileAfter();
          Documents<Order> orderStore = backend.documents(OrderKind.NAME, OrderWire.STATES, Order::none, Order::owner,
              o -> OrderBehaviour.reconcileAt(o, reconcileAfter));
          runtimes.add(OrderKind.runtime(orderRules, orderStore).observed(OrderKind.counting(metrics::orderPlaced, metrics::orderPaid)));
          runtimes.add(UserKind.runtime(backend.documents(UserKind.NAME, AccountWire.USERS, User::none)));
          runtimes.add(LoginKind.runtime(backend.documents(LoginKind.NAME, AccountWire.LOGINS, Login::none)));
          List<KindModule> modules = ServiceLoader.load(KindModule.class).stream().map(ServiceLoader.Provider::get).toList();
          modules.forEach(m -> runtimes.addAll(m.kinds(backend)));
          List<PartitionRouter<?, ?>> routerList = new ArrayList<>();
          for (KindRuntime<?, ?, ?> rt : runtimes) {
            KindCodecs.register(vertx.eventBus(), rt.kind());
            kinds.add(rt.kind());
            routerList.add(new PartitionRouter<>(vertx, rt.kind(), config.partitions(), config.requestTimeoutMs()));
          }
          Routers routers = new Routers(routerList);
          Map<String, PartitionKeeper> keepers = new LinkedHashMap<>();
          for (KindRuntime<?, ?, ?> rt : runtimes) {
            TenderMetrics.KindMeters meters = metrics.kind(rt.kind().name());
            keepers.put(rt.kind().name(), new PartitionKeeper(rt.kind().name(), nodeId, config.partitions(), members, owners,
                p -> actor(rt, p, runtimeStore, owners, routers, clock, meters), meters));
          }
          // A user id the user kind does not know is an anonymous shopper's.
          PartitionRouter<UserCommand, UserReply> users = routers.of(UserKind.KIND);
          TokenService tokens = new TokenService(vertx, config, refreshTokens, userId -> users.read(new UserCommand.Get(userId))
              .map(r -> r instanceof Response.Done<UserReply> d && d.reply() instanceof UserReply.UserView v ? v.user().claims() : null),
              clock);
          StorefrontServer.Services services = new StorefrontServer.Services(config, nodeId, catalog, tokens,
              routers.of(cartKind), routers, owners, keepers, modules, walletStore, promoStore, orderStore, orderRules, pricing, promotions, clock,
              () -> pool == null ? Future.succeededFuture() : pool.query("SELECT 1").execute().mapEmpty(), () -> stopping || draining,
              new StorefrontServer.AccountParts(new PasswordHasher(), new OtpCodes(config.jwtSecret()), new LoggingOtpSender(),
                  new ClientThrottle(config.signInAttemptsPerAddress(), config.signInWindow().toSeconds(), clock),
                  config.profile() == TenderConfig.Profile.DEV, clock), metrics);
          Future<Void> started = promotions.start(vertx); // loaded (or its failure logged) before HTTP serves
          revokedSessions = tokens.revokedSessions();
          started = started.compose(v -> revokedSessions.start(vertx).recover(e -> {
            LOG.warn("revoked sessions not read yet (retried every {}): {}", RevokedSessions.POLL, e.getMessage());
            return Future.succeededFuture();
          }));
          for (PartitionKeeper keeper : keepers.values()) {
            started = started.compose(v -> vertx.deployVerticle(keeper).onSuccess(keeperDeployments::add).mapEmpty());
          }
          return started.compose(v -> track(vertx.deployVerticle(() -> new StorefrontServer(services),
              new DeploymentOptions().setInstances(config.httpInstances()))))
              .onSuccess(v -> {
                if (!stopping) {
                  pruner = RefreshTokenPruner.start(vertx, refreshTokens, clock);
                  // Each node sweeps the orders whose partition it runs now (see PaymentSweeper).
                  PartitionKeeper orderKeeper = keepers.get(OrderKind.NAME);
                  sweeper = PaymentSweeper.start(vertx, config, routers.of(OrderKind.KIND), orderStore,
                      number -> orderKeeper.snapshot().epochs().containsKey(Kind.partitionOf(number, config.partitions())), clock);
                }
                if (config.demoCoupons()) {
                  DemoCoupons.seed(vertx, routers.of(PromoKind.KIND), () -> !stopping);
                }
              });
        })
        .mapEmpty();
  }

  private <S, C, R> PartitionActor<S, C, R> actor(KindRuntime<S, C, R> rt, int partition, PartitionStore runtimeStore,
                                                        PartitionOwnerStore owners, Routers routers, Clock clock,
                                                        TenderMetrics.KindMeters meters) {
    return new PartitionActor<>(rt, partition, nodeId, runtimeStore, owners, routers, Leases.LEASE_MS, clock, meters);
  }

  private Future<String> track(Future<String> deployment) {
    return deployment.onSuccess(deployments::add);
  }

  /**
   * Stops serving: HTTP first, then every partition (each drains its writes and releases its
   * ownership, so the members that take over need not wait). The Vertx instance stays up.
   */
  public Future<Void> stop() {
    stopping = true;
    if (pruner != null) {
      pruner.stop();
    }
    if (revokedSessions != null) {
      revokedSessions.stop(vertx);
    }
    if (sweeper != null) {
      sweeper.stop();
    }
    if (promotionSnapshot != null) {
      promotionSnapshot.stop();
    }
    List<Future<Void>> undeploys = new ArrayList<>();
    for (String id : deployments) {
      undeploys.add(vertx.undeploy(id));
    }
    return Future.join(undeploys)
        .transform(v -> {
          List<Future<Void>> keepers = new ArrayList<>();
          keeperDeployments.forEach(id -> keepers.add(vertx.undeploy(id)));
          return Future.join(keepers);
        })
        .transform(v -> pool == null ? Future.<Void>succeededFuture() : pool.close())
        .transform(v -> ownershipPool == null ? Future.<Void>succeededFuture() : ownershipPool.close())
        .andThen(v -> kinds.forEach(k -> KindCodecs.unregister(vertx.eventBus(), k)));
  }

  /**
   * The graceful exit on SIGTERM: readiness turns DOWN at once, the node keeps serving for
   * {@code drain_grace_ms} (load balancers and orchestrators notice and stop sending), then {@link #close()}.
   */
  public Future<Void> drainAndClose() {
    draining = true;
    long ms = config.drainGrace().toMillis();
    if (ms <= 0) {
      return close();
    }
    Promise<Void> waited = Promise.promise();
    vertx.setTimer(ms, id -> waited.complete());
    return waited.future().compose(v -> close());
  }

  /** {@link #stop()}, then closes Vert.x (leaving the cluster gracefully). */
  public Future<Void> close() {
    return stop().transform(v -> vertx.close());
  }

  /**
   * Completes if Hazelcast split this member off and merged it back. Its event-bus view is then not
   * to be trusted (registrations made while it was away can be missing), so the owner of the node
   * closes it and boots a fresh one. Its partitions were taken over and fenced meanwhile.
   */
  public Future<Void> evicted() {
    return evicted.future();
  }

  public TenderConfig config() {
    return config;
  }

  public String nodeId() {
    return nodeId;
  }

  public Vertx vertx() {
    return vertx;
  }

  /** This node's meters ({@link TenderMetrics#OFF} with {@code metrics_enabled=false}). */
  public TenderMetrics metrics() {
    return metrics;
  }

  /** The PostgreSQL URL without its password: the userinfo's (up to the last '@', which a password may contain) and a {@code password=} parameter's. */
  static String redact(String url) {
    String s = url.replaceAll("(?i)([?&]password=)[^&]*", "$1***");
    int scheme = s.indexOf("://");
    int query = s.indexOf('?');
    int at = s.lastIndexOf('@', query < 0 ? s.length() : query);
    if (scheme < 0 || at < scheme) {
      return s;
    }
    int colon = s.indexOf(':', scheme + 3);
    return colon < 0 || colon > at ? s : s.substring(0, colon + 1) + "***" + s.substring(at);
  }
}
