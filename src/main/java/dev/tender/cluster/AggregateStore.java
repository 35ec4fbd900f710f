package dev.tender.cluster;

import io.vertx.core.Future;

/**
 * A kind's persistence port, implemented in {@code store/} once per backend. The runtime loads an
 * aggregate with it and asks it to stage a change; the {@link PartitionStore} of the same backend
 * then writes the staged change in one transaction with the runtime's own rows.
 */
public interface AggregateStore<S> {
  /** The stored aggregate at its version, or the kind's empty state at version 0. */
  Future<Versioned<S>> load(String key);

  /**
   * The writes that turn {@code before} into {@code after}: small rows for what changed, applied only
   * if the stored version is still {@code expectedVersion} (then it becomes {@code expectedVersion + 1}).
   * {@code epoch} is recorded with the row for audits.
   */
  StagedWrite stage(String key, S before, S after, long expectedVersion, long epoch);

  /** An aggregate and the version it was stored at (0 = never stored). */
  record Versioned<S>(S state, long version) {}

  /** A backend's own form of a staged change; only that backend's {@link PartitionStore} executes it. */
  interface StagedWrite {}
}
