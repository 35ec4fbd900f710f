package dev.tender.store;

import dev.tender.cluster.Fence;
import dev.tender.cluster.PartitionStore;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The runtime's rows in memory (lost when the process stops, like everything on this backend). One
 * lock makes each unit's check-and-apply atomic; partitions on several event loops call it.
 */
public final class InMemoryPartitionStore implements PartitionStore {
  private final InMemoryPartitionOwnerStore owners;
  private final Map<String, IdempotencyRecord> records = new HashMap<>();
  /** The same records by expiry, so pruning visits only what expired. */
  private final TreeMap<Instant, List<String>> byExpiry = new TreeMap<>();
  private final Map<String, Map<String, TimerRow>> timers = new HashMap<>();
  private final Map<String, TreeMap<Long, OutboxRow>> outbox = new HashMap<>();

  public InMemoryPartitionStore(InMemoryPartitionOwnerStore owners) {
    this.owners = owners;
  }

  private static String partitionKey(String kind, int partition) {
    return kind + "/" + partition;
  }

  private static String recordKey(String scope, String key) {
    return scope + '\u0000' + key;
  }

  @Override
  public synchronized Future<List<Result>> commit(Fence fence, List<Unit> units) {
    List<Result> results = new ArrayList<>(units.size());
    boolean fenced = !owners.holds(fence);
    String pk = partitionKey(fence.kind(), fence.partition());
    for (Unit u : units) {
      MemoryWrite write = (MemoryWrite) u.write();
      if (fenced || (write != null && !write.applicable())) {
        results.add(Result.REFUSED);
        continue;
      }
      String violation = write == null ? null : write.violation();
      if (violation != null) {
        results.add(Result.rejected(violation));
        continue;
      }
      if (u.records().stream().anyMatch(r -> records.containsKey(recordKey(r.scope(), r.key())))) {
        results.add(Result.rejected("idempotency key already recorded"));
        continue;
      }
      if (write != null) {
        write.apply();
      }
      for (IdempotencyRecord r : u.records()) {
        records.put(recordKey(r.scope(), r.key()), r);
        byExpiry.computeIfAbsent(r.expiresAt(), k -> new ArrayList<>(1)).add(recordKey(r.scope(), r.key()));
      }
      Map<String, TimerRow> ts = timers.computeIfAbsent(pk, k -> new HashMap<>());
      for (TimerChange t : u.timers()) {
        String id = t.key() + '\u0000' + t.name();
        if (t.due() != null) {
          ts.put(id, new TimerRow(t.key(), t.name(), t.due(), t.generation()));
        } else {
          TimerRow old = ts.get(id);
          if (old != null && (t.generation() < 0 || old.generation() == t.generation())) {
            ts.remove(id);
          }
        }
      }
      TreeMap<Long, OutboxRow> out = outbox.computeIfAbsent(pk, k -> new TreeMap<>());
      u.outbox().forEach(o -> out.put(o.seq(), o));
      results.add(Result.COMMITTED);
    }
    return Future.succeededFuture(results);
  }

  @Override
  public synchronized Future<IdempotencyRecord> findRecord(String scope, String key) {
    IdempotencyRecord r = records.get(recordKey(scope, key));
    return Future.succeededFuture(r == null || r.expiresAt().isBefore(Instant.now()) ? null : r);
  }

  @Override
  public synchronized Future<List<TimerRow>> timersDue(String kind, int partition, Instant before) {
    List<TimerRow> due = new ArrayList<>();
    for (TimerRow t : timers.getOrDefault(partitionKey(kind, partition), Map.of()).values()) {
      if (t.due().isBefore(before)) {
        due.add(t);
      }
    }
    due.sort(Comparator.comparing(TimerRow::due));
    return Future.succeededFuture(due);
  }

  @Override
  public synchronized Future<List<OutboxRow>> outbox(String kind, int partition) {
    return Future.succeededFuture(List.copyOf(outbox.getOrDefault(partitionKey(kind, partition), new TreeMap<>()).values()));
  }

  @Override
  public synchronized Future<Void> delivered(String kind, int partition, List<Long> seqs) {
    TreeMap<Long, OutboxRow> out = outbox.get(partitionKey(kind, partition));
    if (out != null) {
      seqs.forEach(out::remove);
    }
    return Future.succeededFuture();
  }

  /** Prunes every partition's expired records at once (one node owns them all on this backend). */
  @Override
  public synchronized Future<Integer> pruneRecords(String kind, int partition, Instant now) {
    int pruned = 0;
    for (var expired = byExpiry.headMap(now).entrySet().iterator(); expired.hasNext(); ) {
      for (String key : expired.next().getValue()) {
        pruned += records.remove(key) != null ? 1 : 0;
      }
      expired.remove();
    }
    return Future.succeededFuture(pruned);
  }

  @Override
  public boolean durable() {
    return false;
  }
}
