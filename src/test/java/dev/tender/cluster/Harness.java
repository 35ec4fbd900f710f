package dev.tender.cluster;

import static dev.tender.TestNode.await;

import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The partition runtime without HTTP or Hazelcast: every partition of the given kinds deployed as actors
 * on one Vert.x, over the given stores, with a router per kind. Kinds' actors can be stopped and started
 * again (a handover: the new actors acquire a new epoch). Nothing renews leases here, so actors take
 * {@link #LEASE_MS}-long ones; a test lapses or renews one through {@link PartitionActor#leaseValidUntil}.
 */
public final class Harness implements AutoCloseable {
  public final Vertx vertx = Vertx.vertx();
  public final Routers routers;
  /** An hour: longer than any test. */
  public static final long LEASE_MS = 3_600_000;
  private final int partitions;
  private final PartitionStore runtimeStore;
  private final PartitionOwnerStore owners;
  private final Clock clock;
  private final Map<String, KindRuntime<?, ?, ?>> kinds = new HashMap<>();
  private final Map<String, List<PartitionActor<?, ?, ?>>> actors = new HashMap<>();
  private final Map<String, List<String>> deployments = new HashMap<>();

  public Harness(List<KindRuntime<?, ?, ?>> runtimes, PartitionStore runtimeStore, PartitionOwnerStore owners, int partitions,
                 Clock clock, long deadlineMs) {
    this.partitions = partitions;
    this.runtimeStore = runtimeStore;
    this.owners = owners;
    this.clock = clock;
    List<PartitionRouter<?, ?>> list = new ArrayList<>();
    for (KindRuntime<?, ?, ?> rt : runtimes) {
      kinds.put(rt.kind().name(), rt);
      KindCodecs.register(vertx.eventBus(), rt.kind());
      list.add(new PartitionRouter<>(vertx, rt.kind(), partitions, deadlineMs));
    }
    this.routers = new Routers(list);
  }

  public Harness start() throws Exception {
    for (String kind : kinds.keySet()) {
      start(kind);
    }
    return this;
  }

  public void start(String kind) throws Exception {
    List<String> ids = new ArrayList<>();
    List<PartitionActor<?, ?, ?>> list = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      PartitionActor<?, ?, ?> actor = actor(kinds.get(kind), p);
      ids.add(await(vertx.deployVerticle(actor)));
      list.add(actor);
    }
    deployments.put(kind, ids);
    actors.put(kind, list);
  }

  /** Stops a kind's actors gracefully (each drains its writes); the partitions stay unowned until started again. */
  public void stop(String kind) throws Exception {
    for (String id : deployments.remove(kind)) {
      await(vertx.undeploy(id));
    }
    actors.remove(kind);
  }

  public PartitionActor<?, ?, ?> actor(String kind, int partition) {
    return actors.get(kind).get(partition);
  }

  private <S, C, R> PartitionActor<S, C, R> actor(KindRuntime<S, C, R> rt, int p) {
    return new PartitionActor<>(rt, p, "test-node", runtimeStore, owners, routers, LEASE_MS, clock);
  }

  @Override
  public void close() throws Exception {
    await(vertx.close());
  }
}
