package dev.tender;

import dev.tender.config.TenderConfig;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts one node with the configuration from defaults, {@code TENDER_CONFIG} and {@code TENDER_*};
 * {@code --cluster} is {@code TENDER_CLUSTER=true} (join the Hazelcast cluster of {@code cluster.xml}).
 */
public final class Main {
  /** Held so the level sticks (JUL keeps loggers weakly): Hazelcast logs every membership step at INFO. */
  private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");

  private Main() {}

  public static void main(String[] args) {
    if (System.getProperty("java.util.logging.config.file") == null) {
      HAZELCAST_LOG.setLevel(Level.WARNING);
    }
    Map<String, String> env = new HashMap<>(System.getenv());
    if (List.of(args).contains("--cluster")) {
      env.put("TENDER_CLUSTER", "true");
    }
    Vertx bootstrap = Vertx.vertx(); // only to read the configuration
    TenderConfig config;
    try {
      config = TenderConfig.load(bootstrap, env).toCompletionStage().toCompletableFuture().join();
    } catch (RuntimeException e) {
      System.err.println("Tender failed to start: " + e.getCause());
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
        System.err.println("Tender failed to start: " + e.getCause());
        System.exit(1);
        return;
      }
      TenderConfig c = node.config();
      System.out.printf("Tender is up%n  storefront base URL: http://%s:%d%s%n  store id: %s%n  API key:  %s%n  store:    %s%n  node:     %s%s%n",
          c.host(), c.port(), c.basePath(), c.storeId(), c.apiKey(), c.store().name().toLowerCase(), node.nodeId(),
          c.cluster() ? " (clustered)" : "");
      Thread hook = new Thread(() -> node.drainAndClose().await());
      Runtime.getRuntime().addShutdownHook(hook);
      node.evicted().toCompletionStage().toCompletableFuture().join();
      Runtime.getRuntime().removeShutdownHook(hook);
      node.close().toCompletionStage().toCompletableFuture().join();
      System.out.println("Tender rejoins the cluster");
    }
  }
}
