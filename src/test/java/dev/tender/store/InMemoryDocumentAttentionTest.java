package dev.tender.store;

import dev.tender.cluster.Backend;
import dev.tender.cluster.PartitionOwnerStore;
import dev.tender.cluster.PartitionStore;

class InMemoryDocumentAttentionTest extends DocumentAttentionContract {
  private final InMemoryPartitionOwnerStore owners = new InMemoryPartitionOwnerStore();
  private final PartitionStore runtime = new InMemoryPartitionStore(owners);
  private final Backend backend = Backends.memory();

  @Override
  Backend backend() {
    return backend;
  }

  @Override
  PartitionStore runtime() {
    return runtime;
  }

  @Override
  PartitionOwnerStore owners() {
    return owners;
  }
}
