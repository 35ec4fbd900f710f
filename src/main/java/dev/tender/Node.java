package dev.tender;

import dev.tender.auth.TokenService;
import dev.tender.cart.CartBehaviour;
import dev.tender.cart.CartCommand;
import dev.tender.cart.CartPartition;
import dev.tender.cart.CartPricing;
import dev.tender.cart.CartReply;
import dev.tender.cart.ShippingPolicy;
import dev.tender.catalog.Catalog;
import dev.tender.cluster.CartRouter;
import dev.tender.cluster.LocalCodec;
import dev.tender.config.TenderConfig;
import dev.tender.http.StorefrontServer;
import dev.tender.store.InMemoryRefreshTokenStore;
import dev.tender.store.InMemoryShopperStore;
import dev.tender.store.Migrations;
import dev.tender.store.PgRefreshTokenStore;
import dev.tender.store.PgShopperStore;
import dev.tender.store.RefreshTokenStore;
import dev.tender.store.ShopperStore;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * One Tender node: stores, catalog, every cart partition (a single node owns them all) and the
 * storefront HTTP server, wired in start-up order. Tests start nodes in-process through here.
 */
public final class Node {
  private static final Logger LOG = Logger.getLogger(Node.class.getName());
  static final String DEMO_CATALOG = "dev/tender/catalog/demo-catalog.json";

  private final Vertx vertx;
  private final TenderConfig config;
  private final Pool pool;
  private final List<String> deployments = new ArrayList<>();

  private Node(Vertx vertx, TenderConfig config, Pool pool) {
    this.vertx = vertx;
    this.config = config;
    this.pool = pool;
  }

  public static Future<Node> start(Vertx vertx, TenderConfig config) {
    vertx.eventBus().registerCodec(new LocalCodec<>(CartCommand.class));
    vertx.eventBus().registerCodec(new LocalCodec<>(CartReply.class));
    Pool pool = config.store() == TenderConfig.StoreKind.PG
        ? PgBuilder.pool().with(new PoolOptions().setMaxSize(config.pgPoolSize())).connectingTo(config.pgUrl()).using(vertx).build()
        : null;
    Node node = new Node(vertx, config, pool);
    return node.deploy().map(node).recover(e -> node.stop().transform(v -> Future.failedFuture(e)));
  }

  private Future<Void> deploy() {
    Future<Void> schema = pool == null ? Future.succeededFuture() : Migrations.apply(vertx, pool).mapEmpty();
    ShopperStore shoppers = pool == null ? new InMemoryShopperStore() : new PgShopperStore(pool, config.pgWritesInFlight());
    RefreshTokenStore refreshTokens = pool == null ? new InMemoryRefreshTokenStore() : new PgRefreshTokenStore(pool);
    if (shoppers.durable()) {
      LOG.info("store: PostgreSQL at " + redact(config.pgUrl()) + " (durable)");
    } else {
      LOG.warning("store: in-memory. NOT DURABLE: every cart is lost when this node stops. Use TENDER_STORE=pg for PostgreSQL.");
    }
    if (TenderConfig.DEV_JWT_SECRET.equals(config.jwtSecret())) {
      LOG.warning("jwt_secret is the built-in development secret; set TENDER_JWT_SECRET for anything but development.");
    }
    Clock clock = Clock.systemUTC();
    return schema
        .compose(v -> vertx.fileSystem().readFile(DEMO_CATALOG))
        .map(Catalog::parse)
        .compose(catalog -> {
          CartBehaviour behaviour = new CartBehaviour(catalog, new CartPricing(catalog, ShippingPolicy.DEMO), config.cartTtl());
          List<Future<String>> partitions = new ArrayList<>(config.partitions());
          for (int p = 0; p < config.partitions(); p++) {
            partitions.add(track(vertx.deployVerticle(new CartPartition(p, shoppers, behaviour, clock))));
          }
          CartRouter router = new CartRouter(vertx, config.partitions(), config.requestTimeoutMs());
          TokenService tokens = new TokenService(vertx, config, refreshTokens, clock);
          return Future.all(partitions).compose(v -> track(vertx.deployVerticle(
              () -> new StorefrontServer(config.host(), config.port(), config.basePath(), config.apiKey(), catalog, tokens,
                  router, config.store().name().toLowerCase()),
              new DeploymentOptions().setInstances(config.httpInstances()))));
        })
        .mapEmpty();
  }

  private Future<String> track(Future<String> deployment) {
    return deployment.onSuccess(deployments::add);
  }

  /** Undeploys everything this node deployed and closes the store; the Vertx instance stays up. */
  public Future<Void> stop() {
    List<Future<Void>> undeploys = new ArrayList<>();
    for (String id : deployments) {
      undeploys.add(vertx.undeploy(id));
    }
    return Future.join(undeploys)
        .transform(v -> pool == null ? Future.<Void>succeededFuture() : pool.close())
        .andThen(v -> {
          vertx.eventBus().unregisterCodec(LocalCodec.nameFor(CartCommand.class));
          vertx.eventBus().unregisterCodec(LocalCodec.nameFor(CartReply.class));
        });
  }

  public TenderConfig config() {
    return config;
  }

  private static String redact(String url) {
    return url.replaceAll("//([^:/@]+):[^@]*@", "//$1:***@");
  }
}
