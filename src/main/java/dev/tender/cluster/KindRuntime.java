package dev.tender.cluster;

/**
 * What the owner of a kind's partitions runs: its declaration, its rules and its store, and optionally
 * whom to tell of each committed change ({@code transitions}, null for nobody).
 */
public record KindRuntime<S, C, R>(Kind<C, R> kind, Behaviour<S, C, R> behaviour, AggregateStore<S> store,
                                   Transitions<S> transitions) {
  public KindRuntime(Kind<C, R> kind, Behaviour<S, C, R> behaviour, AggregateStore<S> store) {
    this(kind, behaviour, store, null);
  }

  /** This runtime, telling {@code transitions} of every committed change. */
  public KindRuntime<S, C, R> observed(Transitions<S> transitions) {
    return new KindRuntime<>(kind, behaviour, store, transitions);
  }

  /**
   * Told, on the owner's event loop, of each committed change of an aggregate: the durable state before
   * and after. For counting (metrics), never for effects: those are decisions. A change is told once by
   * the owner that committed it (not again after a reload or a handover).
   */
  @FunctionalInterface
  public interface Transitions<S> {
    void committed(S before, S after);
  }
}
