package dev.tender;

import dev.tender.config.TenderConfig;
import dev.tender.logging.Logs;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts one node with the configuration from defaults, {@code TENDER_CONFIG} and {@code TENDER_*};
 * {@code --cluster} is {@code TENDER_CLUSTER=true} (join the Hazelcast cluster of {@code cluster.xml}).
 */
public final class Main {
  /** Made in main, after {@link Logs#install}. */
  private static Logger log;

  private Main() {}

  public static void main(String[] args) {
    String logFormat = Logs.formatProblem(System.getenv());
    if (logFormat != null) {
      System.err.println("Tender failed to start: " + logFormat);
      System.exit(1);
      return;
    }
    Logs.install();
    log = LoggerFactory.getLogger(Main.class);
    Map<String, String> env = new HashMap<>(System.getenv());
    if (List.of(args).contains("--cluster")) {
      env.put("TENDER_CLUSTER", "true");
    }
    Vertx bootstrap = Vertx.vertx(); // only to read the configuration
    TenderConfig config;
    try {
      config = TenderConfig.load(bootstrap, env).toCompletionStage().toCompletableFuture().join();
    } catch (RuntimeException e) {
      log.error("Tender failed to start: {}", String.valueOf(e.getCause()));
      System.exit(1);
      return;
    } finally {
      bootstrap.close();
    }
    // Runs the node; a clustered node that was split off and merged back is closed and booted afresh.
    while (true) {
      Node node;
      try {
        node = Node.boot(config).toCompletionStage().toCompletableFuture().join();
      } catch (RuntimeException e) {
        log.error("Tender failed to start: {}", String.valueOf(e.getCause()));
        System.exit(1);
        return;
      }
      TenderConfig c = node.config();
      // One log line (a JSON line in json format). The API key only when it is the public development one: a key
      // of your own is not for logs.
      log.info("Tender is up: storefront base URL http://{}:{}{}, store id {}, API key {}, store {}, node {}{}",
          c.host(), c.port(), c.basePath(), c.storeId(),
          TenderConfig.DEV_API_KEY.equals(c.apiKey()) ? c.apiKey() + " (the development key)" : "(your own: not logged)",
          c.store().name().toLowerCase(), node.nodeId(), c.cluster() ? " (clustered)" : "");
      Thread hook = new Thread(() -> node.drainAndClose().await());
      Runtime.getRuntime().addShutdownHook(hook);
      node.evicted().toCompletionStage().toCompletableFuture().join();
      Runtime.getRuntime().removeShutdownHook(hook);
      node.close().toCompletionStage().toCompletableFuture().join();
      log.warn("Tender rejoins the cluster");
    }
  }
}
