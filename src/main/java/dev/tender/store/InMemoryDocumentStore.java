package dev.tender.store;

import dev.tender.cluster.AggregateStore;
import dev.tender.cluster.Documents;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Versioned values in memory, lost when the process stops. Loads may run on any event loop, so the
 * map is concurrent; writes are applied by {@link InMemoryPartitionStore} under its lock.
 */
public final class InMemoryDocumentStore<S> implements Documents<S> {
  private final Map<String, Versioned<S>> documents = new ConcurrentHashMap<>();
  private final Function<String, S> empty;
  private final Function<S, String> ownerOf;
  /** Owner and creation order of each owned document, fixed at creation (as the PostgreSQL columns are). */
  private final Map<String, Owned> owners = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicLong created = new java.util.concurrent.atomic.AtomicLong();
  private final Function<S, Instant> attentionAt;
  /** Attention instant of each document that has one (as the PostgreSQL column), recomputed at every write. */
  private final Map<String, Instant> attention = new ConcurrentHashMap<>();

  private record Owned(String owner, long seq) {}

  public InMemoryDocumentStore(Function<String, S> empty) {
    this(empty, null);
  }

  public InMemoryDocumentStore(Function<String, S> empty, Function<S, String> ownerOf) {
    this(empty, ownerOf, null);
  }

  /** @param attentionAt when a document next needs attention ({@link #needingAttention}), from its state; null: never */
  public InMemoryDocumentStore(Function<String, S> empty, Function<S, String> ownerOf, Function<S, Instant> attentionAt) {
    this.attentionAt = attentionAt;
    this.empty = empty;
    this.ownerOf = ownerOf;
  }

  @Override
  public Future<Versioned<S>> load(String key) {
    Versioned<S> stored = documents.get(key);
    return Future.succeededFuture(stored != null ? stored : new Versioned<>(empty.apply(key), 0));
  }

  @Override
  public StagedWrite stage(String key, S before, S after, long expectedVersion, long epoch) {
    return new MemoryWrite() {
      @Override
      public boolean applicable() {
        Versioned<S> stored = documents.get(key);
        return (stored == null ? 0 : stored.version()) == expectedVersion;
      }

      @Override
      public void apply() {
        documents.put(key, new Versioned<>(after, expectedVersion + 1));
        String owner = expectedVersion == 0 && ownerOf != null ? ownerOf.apply(after) : null;
        if (owner != null) {
          owners.put(key, new Owned(owner, created.incrementAndGet()));
        }
        Instant at = attentionAt == null ? null : attentionAt.apply(after);
        if (at != null) {
          attention.put(key, at);
        } else {
          attention.remove(key);
        }
      }
    };
  }

  @Override
  public Future<java.util.List<S>> all() {
    return Future.succeededFuture(new java.util.TreeMap<>(documents).values().stream().map(Versioned::state).toList());
  }

  @Override
  public Future<java.util.List<S>> ownedBy(String owner, int limit) {
    return Future.succeededFuture(owners.entrySet().stream().filter(e -> e.getValue().owner().equals(owner))
        .sorted((a, b) -> Long.compare(b.getValue().seq(), a.getValue().seq())).limit(limit)
        .map(e -> documents.get(e.getKey()).state()).toList());
  }

  @Override
  public Future<java.util.List<Due<S>>> needingAttention(Instant before, Due<?> after, int limit) {
    java.util.Comparator<Due<?>> order = java.util.Comparator.<Due<?>, Instant>comparing(Due::at).thenComparing(Due::key);
    return Future.succeededFuture(attention.entrySet().stream()
        .filter(e -> !e.getValue().isAfter(before))
        .map(e -> {
          Versioned<S> stored = documents.get(e.getKey());
          return stored == null ? null : new Due<>(e.getKey(), e.getValue(), stored.state());
        })
        .filter(d -> d != null && (after == null || order.compare(d, after) > 0))
        .sorted(order).limit(limit).toList());
  }
}
