package dev.tender.store;

import dev.tender.cluster.Fence;
import dev.tender.cluster.PartitionOwnerStore;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Partition ownership for a single node on the memory store, with leases timed by {@code clock}.
 * Called from several event loops.
 */
public final class InMemoryPartitionOwnerStore implements PartitionOwnerStore {
  /** {@code leaseUntilMs} is {@code Long.MIN_VALUE} once released. */
  private record Row(String kind, int partition, String owner, long epoch, Instant acquiredAt, long leaseUntilMs) {}

  private final Clock clock;
  private final Map<String, Row> owners = new HashMap<>();

  public InMemoryPartitionOwnerStore() {
    this(Clock.systemUTC());
  }

  public InMemoryPartitionOwnerStore(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized Future<OptionalLong> acquire(String kind, int partition, String nodeId, long leaseMs) {
    Row o = owners.get(kind + "/" + partition);
    long now = clock.millis();
    if (o != null && !o.owner().isEmpty() && !o.owner().equals(nodeId) && o.leaseUntilMs() > now) {
      return Future.succeededFuture(OptionalLong.empty());
    }
    long epoch = epoch(kind, partition) + 1;
    owners.put(kind + "/" + partition, new Row(kind, partition, nodeId, epoch, clock.instant(), now + leaseMs));
    return Future.succeededFuture(OptionalLong.of(epoch));
  }

  @Override
  public synchronized Future<Map<Integer, Long>> renew(String kind, String nodeId, long leaseMs) {
    long until = clock.millis() + leaseMs;
    Map<Integer, Long> owned = new HashMap<>();
    owners.replaceAll((k, o) -> {
      if (!o.kind().equals(kind) || !o.owner().equals(nodeId)) {
        return o;
      }
      owned.put(o.partition(), o.epoch());
      return new Row(kind, o.partition(), nodeId, o.epoch(), o.acquiredAt(), until);
    });
    return Future.succeededFuture(owned);
  }

  @Override
  public synchronized Future<Void> release(String kind, int partition, String nodeId, long epoch) {
    Row o = owners.get(kind + "/" + partition);
    if (o != null && o.owner().equals(nodeId) && o.epoch() == epoch) {
      owners.put(kind + "/" + partition, new Row(kind, partition, "", epoch, o.acquiredAt(), Long.MIN_VALUE));
    }
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<Long> currentEpoch(String kind, int partition) {
    return Future.succeededFuture(epoch(kind, partition));
  }

  @Override
  public synchronized Future<List<Ownership>> all(String kind) {
    long now = clock.millis();
    List<Ownership> list = new ArrayList<>();
    for (Row o : owners.values()) {
      if (o.kind().equals(kind)) {
        list.add(new Ownership(kind, o.partition(), o.owner(), o.epoch(), o.acquiredAt(),
            !o.owner().isEmpty() && o.leaseUntilMs() > now));
      }
    }
    list.sort(Comparator.comparingInt(Ownership::partition));
    return Future.succeededFuture(list);
  }

  /** True if {@code fence} is still the partition's current epoch. */
  public synchronized boolean holds(Fence fence) {
    return epoch(fence.kind(), fence.partition()) == fence.epoch();
  }

  private long epoch(String kind, int partition) {
    Row o = owners.get(kind + "/" + partition);
    return o == null ? 0 : o.epoch();
  }
}
