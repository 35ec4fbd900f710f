package dev.tender.cluster;

import dev.tender.metrics.TenderMetrics;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Keeps deployed exactly the partitions of one kind that the {@link PartitionTable} gives this member,
 * reconciling every tick with the current membership, and renews their leases every tick. State
 * confined to this verticle's context. Timing: {@link Leases}.
 *
 * <p>Leases: each renewal hands every running actor the monotonic deadline of its lease; a partition
 * missing from the renewal's answer was taken over, and its actor steps down. A node that is paused or
 * cut off from the database stops renewing, so its actors stop serving before their leases lapse.
 *
 * <p>Handover: a member that loses a partition undeploys its actor (which stops taking commands,
 * drains its writes and releases the partition in the store). A member that gains a partition whose
 * recorded owner is still a live member waits for that release, up to {@link Leases#HANDOVER_WAIT_MS};
 * after that, or at once if the owner left the cluster, it acquires as soon as the owner's lease has
 * lapsed (trying again every tick). So the two sides of a split cannot take a partition from each
 * other while both still renew.
 */
public final class PartitionKeeper extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(PartitionKeeper.class);

  private final String kind;
  private final String nodeId;
  private final int partitions;
  private final Supplier<List<String>> members;
  private final PartitionOwnerStore owners;
  private final IntFunction<OwnedPartition> factory;
  private final TenderMetrics.KindMeters meters;

  private final Map<Integer, Running> running = new HashMap<>();
  private final Set<Integer> busy = new HashSet<>();
  private final Map<Integer, Long> waitingSince = new HashMap<>();
  private final Map<Integer, Future<Void>> deploying = new HashMap<>();
  private boolean stopping;
  private boolean reconciling;
  private boolean renewing;
  private boolean renewalFailing;
  private volatile Snapshot snapshot = new Snapshot(List.of(), Map.of());

  private record Running(OwnedPartition actor, String deploymentId) {}

  /** What this member currently runs, for operators: partition → epoch. */
  public record Snapshot(List<String> members, Map<Integer, Long> epochs) {}

  public PartitionKeeper(String kind, String nodeId, int partitions, Supplier<List<String>> members,
                         PartitionOwnerStore owners, IntFunction<OwnedPartition> factory) {
    this(kind, nodeId, partitions, members, owners, factory, TenderMetrics.OFF.kind(kind));
  }

  /** @param meters the kind's meters: partitions run, ownership changes, outbox rows pending */
  public PartitionKeeper(String kind, String nodeId, int partitions, Supplier<List<String>> members,
                         PartitionOwnerStore owners, IntFunction<OwnedPartition> factory, TenderMetrics.KindMeters meters) {
    this.meters = meters;
    this.kind = kind;
    this.nodeId = nodeId;
    this.partitions = partitions;
    this.members = members;
    this.owners = owners;
    this.factory = factory;
  }

  @Override
  public Future<?> start() {
    // Renewal runs apart from reconciling, so a slow deployment never holds leases back.
    vertx.setPeriodic(Leases.TICK_MS, id -> {
      renew();
      reconcile();
    });
    return reconcile();
  }

  /**
   * Undeploys every partition (each drains and releases) before the member leaves, including those
   * still starting, so that the next owners need not wait for a lease to lapse.
   */
  @Override
  public Future<?> stop() {
    stopping = true;
    return Future.join(new ArrayList<>(deploying.values())).transform(v -> {
      List<Future<Void>> stops = new ArrayList<>();
      for (Integer p : new ArrayList<>(running.keySet())) {
        stops.add(undeploy(p));
      }
      return Future.join(stops);
    }).andThen(ar -> meters.running(running.size(), 0));
  }

  public Snapshot snapshot() {
    return snapshot;
  }

  /**
   * Renews every lease of this kind held by this node; the actors that were running when it was sent
   * learn their new deadline, or that their partition was taken over. Owned rows without an actor (a
   * start that failed after acquiring, a release that failed) are released, so they are not renewed forever.
   */
  private void renew() {
    if (renewing || stopping || (running.isEmpty() && busy.isEmpty())) {
      return;
    }
    renewing = true;
    Map<Integer, Running> asked = new HashMap<>(running);
    asked.keySet().removeAll(busy);
    long sent = System.nanoTime(); // the database starts timing the lease after this
    owners.renew(kind, nodeId, Leases.LEASE_MS).onComplete(ar -> {
      renewing = false;
      if (ar.failed()) {
        // The leases run out on their own and the actors stop serving; nothing else to do.
        LOG.atLevel(renewalFailing ? Level.DEBUG : Level.WARN).addKeyValue("kind", kind)
            .log("leases not renewed: {}", ar.cause().getMessage());
        renewalFailing = true;
        return;
      }
      renewalFailing = false;
      Map<Integer, Long> owned = ar.result();
      long until = Leases.trustedUntil(sent, Leases.LEASE_MS);
      asked.forEach((p, r) -> {
        if (running.get(p) != r || busy.contains(p)) {
          return; // undeployed or replaced meanwhile
        }
        Long epoch = owned.get(p);
        if (epoch != null && epoch == r.actor().epoch()) {
          r.actor().leaseValidUntil(until);
        } else {
          r.actor().takenOver();
        }
      });
      owned.forEach((p, epoch) -> {
        if (!running.containsKey(p) && !busy.contains(p)) {
          owners.release(kind, p, nodeId, epoch);
        }
      });
    });
  }

  private Future<Void> reconcile() {
    if (reconciling || stopping) {
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
      long nowMs = System.nanoTime() / 1_000_000;
      for (int p : desired) {
        if (running.containsKey(p) || busy.contains(p)) {
          continue;
        }
        PartitionOwnerStore.Ownership r = records.get(p);
        boolean someoneElse = r != null && !r.owner().isEmpty() && !r.owner().equals(nodeId);
        long since = waitingSince.computeIfAbsent(p, k -> nowMs);
        if (someoneElse && view.contains(r.owner()) && nowMs - since < Leases.HANDOVER_WAIT_MS) {
          continue; // let the old owner drain and release first
        }
        if (someoneElse && r.leased()) {
          continue; // its lease still runs: acquiring would be refused; try again next tick
        }
        work.add(deploy(p));
      }
      return Future.join(work).<Void>mapEmpty();
    }).onComplete(ar -> {
      reconciling = false;
      Map<Integer, Long> epochs = new HashMap<>();
      running.forEach((p, r) -> epochs.put(p, r.actor().epoch()));
      snapshot = new Snapshot(List.copyOf(view), Map.copyOf(epochs));
      long pending = 0;
      for (Running r : running.values()) {
        pending += r.actor().outboxPending();
      }
      meters.running(running.size(), pending);
    });
  }

  private Future<Void> deploy(int p) {
    busy.add(p);
    OwnedPartition actor = factory.apply(p);
    Future<Void> deployed = vertx.deployVerticle(actor)
        .onSuccess(id -> {
          running.put(p, new Running(actor, id));
          waitingSince.remove(p);
          meters.partitionGained();
        })
        .onFailure(e -> {
          LOG.atLevel(e instanceof OwnedPartition.HeldElsewhere ? Level.DEBUG : Level.WARN).addKeyValue("kind", kind)
              .addKeyValue("partition", p).log("partition could not start: {}", e.getMessage());
          if (actor.epoch() > 0) {
            owners.release(kind, p, nodeId, actor.epoch()); // acquired, then failed to start
          }
        })
        .onComplete(ar -> {
          busy.remove(p);
          deploying.remove(p);
        })
        .<Void>mapEmpty()
        .otherwiseEmpty();
    if (!deployed.isComplete()) {
      deploying.put(p, deployed);
    }
    return deployed;
  }

  private Future<Void> undeploy(int p) {
    Running r = running.get(p);
    busy.add(p);
    // When the keeper itself is undeployed, Vert.x has already undeployed (drained) the actors, its
    // children, and this finds no deployment: the partition must be released all the same, or the
    // next owner waits for the lease to lapse.
    return vertx.undeploy(r.deploymentId()).otherwiseEmpty()
        .compose(v -> {
          r.actor().leaseValidUntil(System.nanoTime()); // serves nothing once released, however its stop went
          return r.actor().lost() ? Future.<Void>succeededFuture() : owners.release(kind, p, nodeId, r.actor().epoch());
        })
        .onComplete(ar -> {
          if (running.remove(p) != null) {
            meters.partitionLost();
          }
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
