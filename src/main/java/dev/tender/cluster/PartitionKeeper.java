package dev.tender.cluster;

import dev.tender.store.PartitionOwnerStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Keeps deployed exactly the partitions of one kind that the {@link PartitionTable} gives this member,
 * reconciling every tick with the current membership. State confined to this verticle's context.
 *
 * <p>Handover: a member that loses a partition undeploys its actor (which stops taking commands,
 * drains its writes and releases the partition in the store). A member that gains a partition
 * whose recorded owner is still a live member waits for that release, up to {@link #HANDOVER_WAIT_MS};
 * after that, or at once if the owner left the cluster, it acquires anyway, and the epoch fence
 * refuses whatever the old owner still tries to write.
 */
public final class PartitionKeeper extends VerticleBase {
  static final long TICK_MS = 500;
  static final long HANDOVER_WAIT_MS = 3_000;
  private static final Logger LOG = Logger.getLogger(PartitionKeeper.class.getName());

  private final String kind;
  private final String nodeId;
  private final int partitions;
  private final Supplier<List<String>> members;
  private final PartitionOwnerStore owners;
  private final IntFunction<OwnedPartition> factory;
  private final Heartbeat heartbeat;

  private final Map<Integer, Running> running = new HashMap<>();
  private final Set<Integer> busy = new HashSet<>();
  private final Map<Integer, Long> waitingSince = new HashMap<>();
  private boolean reconciling;
  private volatile Snapshot snapshot = new Snapshot(List.of(), Map.of());

  private record Running(OwnedPartition actor, String deploymentId) {}

  /** What this member currently runs, for operators: partition → epoch. */
  public record Snapshot(List<String> members, Map<Integer, Long> epochs) {}

  public PartitionKeeper(String kind, String nodeId, int partitions, Supplier<List<String>> members,
                         PartitionOwnerStore owners, IntFunction<OwnedPartition> factory, Heartbeat heartbeat) {
    this.heartbeat = heartbeat;
    this.kind = kind;
    this.nodeId = nodeId;
    this.partitions = partitions;
    this.members = members;
    this.owners = owners;
    this.factory = factory;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(TICK_MS, id -> reconcile());
    return reconcile();
  }

  /** Undeploys every partition (each drains and releases) before the member leaves. */
  @Override
  public Future<?> stop() {
    List<Future<Void>> stops = new ArrayList<>();
    for (Integer p : new ArrayList<>(running.keySet())) {
      stops.add(undeploy(p));
    }
    return Future.join(stops);
  }

  public Snapshot snapshot() {
    return snapshot;
  }

  private Future<Void> reconcile() {
    heartbeat.beat();
    if (reconciling) {
      return Future.succeededFuture();
    }
    reconciling = true;
    List<String> view = members.get();
    Set<Integer> desired = PartitionTable.ownedBy(nodeId, view, partitions);
    waitingSince.keySet().retainAll(desired); // a wait started for a partition no longer wanted is void
    List<Future<Void>> work = new ArrayList<>();
    for (Map.Entry<Integer, Running> e : new ArrayList<>(running.entrySet())) {
      int p = e.getKey();
      if (!busy.contains(p) && (!desired.contains(p) || e.getValue().actor().lost())) {
        work.add(undeploy(p));
      }
    }
    Future<Map<Integer, PartitionOwnerStore.Ownership>> recorded = desired.stream().anyMatch(p -> !running.containsKey(p))
        ? owners.all(kind).map(PartitionKeeper::byPartition) : Future.succeededFuture(Map.of());
    return recorded.compose(records -> {
      long now = System.currentTimeMillis();
      for (int p : desired) {
        if (running.containsKey(p) || busy.contains(p)) {
          continue;
        }
        PartitionOwnerStore.Ownership r = records.get(p);
        boolean heldByLiveMember = r != null && !r.owner().isEmpty() && !r.owner().equals(nodeId) && view.contains(r.owner());
        long since = waitingSince.computeIfAbsent(p, k -> now);
        if (heldByLiveMember && now - since < HANDOVER_WAIT_MS) {
          continue; // let the old owner drain and release first
        }
        work.add(deploy(p));
      }
      return Future.join(work).<Void>mapEmpty();
    }).onComplete(ar -> {
      reconciling = false;
      Map<Integer, Long> epochs = new HashMap<>();
      running.forEach((p, r) -> epochs.put(p, r.actor().epoch()));
      snapshot = new Snapshot(List.copyOf(view), Map.copyOf(epochs));
    });
  }

  private Future<Void> deploy(int p) {
    busy.add(p);
    OwnedPartition actor = factory.apply(p);
    return vertx.deployVerticle(actor)
        .onSuccess(id -> {
          running.put(p, new Running(actor, id));
          waitingSince.remove(p);
        })
        .onFailure(e -> LOG.warning(kind + " partition " + p + " could not start: " + e.getMessage()))
        .onComplete(ar -> busy.remove(p))
        .<Void>mapEmpty()
        .otherwiseEmpty();
  }

  private Future<Void> undeploy(int p) {
    Running r = running.get(p);
    busy.add(p);
    return vertx.undeploy(r.deploymentId())
        .compose(v -> r.actor().lost() ? Future.<Void>succeededFuture() : owners.release(kind, p, nodeId, r.actor().epoch()))
        .onComplete(ar -> {
          running.remove(p);
          busy.remove(p);
        })
        .otherwiseEmpty();
  }

  private static Map<Integer, PartitionOwnerStore.Ownership> byPartition(List<PartitionOwnerStore.Ownership> all) {
    Map<Integer, PartitionOwnerStore.Ownership> map = new HashMap<>();
    all.forEach(o -> map.put(o.partition(), o));
    return map;
  }
}
