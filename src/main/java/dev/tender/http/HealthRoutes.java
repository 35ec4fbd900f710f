package dev.tender.http;

import dev.tender.cluster.PartitionKeeper;
import dev.tender.cluster.PartitionTable;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import java.util.Set;
import java.util.TreeSet;

/**
 * Liveness and readiness for orchestrators and load balancers (vertx-health-check: 200 when every check
 * is UP, 503 otherwise, with each check's outcome). Live: the event loop answers. Ready: the node is not
 * draining, PostgreSQL answers (on that store), the node is a member of its cluster view, and it runs every
 * partition of every kind that the partition table gives it. The HTTP server starts only after the
 * migrations ran, so a node that answers has its schema.
 */
final class HealthRoutes {
  private static final long DATABASE_TIMEOUT_MS = 2_000;

  private final Vertx vertx;
  private final StorefrontServer.Services services;

  HealthRoutes(Vertx vertx, StorefrontServer.Services services) {
    this.vertx = vertx;
    this.services = services;
  }

  void mount(Router r) {
    HealthCheckHandler live = HealthCheckHandler.create(vertx).register("event-loop", p -> p.complete(Status.OK()));
    HealthCheckHandler ready = HealthCheckHandler.create(vertx)
        .register("draining", p -> p.complete(services.draining().getAsBoolean()
            ? Status.KO(new JsonObject().put("reason", "the node is stopping")) : Status.OK()))
        .register("database", DATABASE_TIMEOUT_MS, p -> services.databasePing().get()
            .onSuccess(v -> p.complete(Status.OK(new JsonObject().put("store", services.config().store().name().toLowerCase()))))
            .onFailure(e -> p.complete(Status.KO(new JsonObject().put("error", String.valueOf(e.getMessage()))))))
        .register("partitions", p -> p.complete(partitions()));
    r.get("/health/live").handler(live);
    r.get("/health/ready").handler(ready);
  }

  /** Every kind runs the partitions the table gives this node among the members it sees, and sees itself. */
  private Status partitions() {
    JsonObject data = new JsonObject();
    boolean ok = true;
    for (var e : services.keepers().entrySet()) {
      PartitionKeeper.Snapshot s = e.getValue().snapshot();
      boolean member = s.members().contains(services.nodeId());
      Set<Integer> missing = new TreeSet<>(PartitionTable.ownedBy(services.nodeId(), s.members(), services.config().partitions()));
      missing.removeAll(s.epochs().keySet());
      ok &= member && missing.isEmpty();
      data.put(e.getKey(), new JsonObject().put("member", member).put("members", s.members().size())
          .put("running", s.epochs().size()).put("missing", missing.size()));
    }
    return ok ? Status.OK(data) : Status.KO(data);
  }
}
