package dev.tender.http;

import dev.tender.auth.TokenService;
import dev.tender.catalog.Catalog;
import dev.tender.cluster.CartRouter;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import java.util.Set;

/**
 * The storefront HTTP server. Deployed as several instances sharing one port (Vert.x balances
 * connections between them); each instance runs on its own event loop and holds no cart state.
 */
public final class StorefrontServer extends VerticleBase {
  static final long BODY_LIMIT_BYTES = 64 * 1024;

  private final String host;
  private final int port;
  private final String basePath;
  private final String apiKey;
  private final Catalog catalog;
  private final TokenService tokens;
  private final CartRouter carts;
  private final String storeKind;

  public StorefrontServer(String host, int port, String basePath, String apiKey, Catalog catalog, TokenService tokens,
                          CartRouter carts, String storeKind) {
    this.host = host;
    this.port = port;
    this.basePath = basePath;
    this.apiKey = apiKey;
    this.catalog = catalog;
    this.tokens = tokens;
    this.carts = carts;
    this.storeKind = storeKind;
  }

  @Override
  public Future<?> start() {
    return vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
        .requestHandler(router())
        .listen();
  }

  Router router() {
    Router r = Router.router(vertx);
    r.route().handler(CorsHandler.create()
        .addOriginWithRegex(".*")
        .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE))
        .allowedHeaders(Set.of("Authorization", "X-Api-Key", "Content-Type", "x-customer-group-id", "x-debug-mode")));
    r.route().handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES));
    Guards guards = new Guards(tokens, apiKey);
    new AuthRoutes(tokens, guards).mount(r, basePath);
    new CatalogRoutes(catalog, guards).mount(r, basePath);
    new CartRoutes(carts, catalog, guards).mount(r, basePath);
    r.get("/health").handler(ctx -> Envelope.ok(ctx, "up", new JsonObject().put("status", "UP").put("store", storeKind)));
    r.route().failureHandler(Problems::handle);
    for (int status : new int[] {404, 405, 413, 415}) {
      r.errorHandler(status, ctx -> Problems.byStatus(ctx, status));
    }
    return r;
  }
}
