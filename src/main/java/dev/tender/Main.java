package dev.tender;

import dev.tender.config.TenderConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/** Starts one node with the configuration from defaults, {@code TENDER_CONFIG} and {@code TENDER_*}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    // One event loop per core: HTTP verticles and partitions then share loops, and a request whose
    // partition lives on its own loop is handed over without waking another thread.
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(Runtime.getRuntime().availableProcessors()));
    TenderConfig.load(vertx)
        .compose(config -> Node.start(vertx, config))
        .onSuccess(node -> {
          TenderConfig c = node.config();
          System.out.printf("Tender is up%n  storefront base URL: http://%s:%d%s%n  store id: %s%n  API key:  %s%n  store:    %s%n",
              c.host(), c.port(), c.basePath(), c.storeId(), c.apiKey(), c.store().name().toLowerCase());
          Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close().await()));
        })
        .onFailure(e -> {
          System.err.println("Tender failed to start: " + e);
          vertx.close().onComplete(v -> System.exit(1));
        });
  }
}
