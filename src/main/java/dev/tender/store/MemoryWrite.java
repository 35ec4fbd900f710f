package dev.tender.store;

import dev.tender.cluster.AggregateStore;

/**
 * A staged change for the memory backend: checked and applied by {@link InMemoryPartitionStore} under
 * its lock, together with the runtime's rows of the same unit.
 */
public interface MemoryWrite extends AggregateStore.StagedWrite {
  /** False if the stored version is not the one the change was staged against (a fence). */
  boolean applicable();

  /**
   * Why applying it would break a constraint the PostgreSQL schema also enforces (the memory form of a
   * rejected write), or null.
   */
  default String violation() {
    return null;
  }

  void apply();
}
