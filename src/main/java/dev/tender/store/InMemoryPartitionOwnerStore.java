package dev.tender.store;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Partition ownership for a single node on the memory store. Called from several event loops. */
public final class InMemoryPartitionOwnerStore implements PartitionOwnerStore {
  private final Map<String, Ownership> owners = new HashMap<>();

  @Override
  public synchronized Future<Long> acquire(String kind, int partition, String nodeId) {
    long epoch = epoch(kind, partition) + 1;
    owners.put(kind + "/" + partition, new Ownership(kind, partition, nodeId, epoch, Instant.now()));
    return Future.succeededFuture(epoch);
  }

  @Override
  public synchronized Future<Void> release(String kind, int partition, String nodeId, long epoch) {
    Ownership o = owners.get(kind + "/" + partition);
    if (o != null && o.owner().equals(nodeId) && o.epoch() == epoch) {
      owners.put(kind + "/" + partition, new Ownership(kind, partition, "", epoch, o.acquiredAt()));
    }
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<Long> currentEpoch(String kind, int partition) {
    return Future.succeededFuture(epoch(kind, partition));
  }

  @Override
  public synchronized Future<List<Ownership>> all(String kind) {
    List<Ownership> list = new ArrayList<>();
    for (Ownership o : owners.values()) {
      if (o.kind().equals(kind)) {
        list.add(o);
      }
    }
    list.sort(Comparator.comparingInt(Ownership::partition));
    return Future.succeededFuture(list);
  }

  /** True if {@code fence} is still the partition's current epoch. */
  synchronized boolean holds(Fence fence) {
    return epoch(fence.kind(), fence.partition()) == fence.epoch();
  }

  private long epoch(String kind, int partition) {
    Ownership o = owners.get(kind + "/" + partition);
    return o == null ? 0 : o.epoch();
  }
}
