package dev.tender.store;

import dev.tender.cluster.PartitionOwnerStore;
import dev.tender.cluster.PartitionStore;

class InMemoryPartitionStoreTest extends PartitionStoreContract {
  private final InMemoryPartitionOwnerStore owners = new InMemoryPartitionOwnerStore();
  private final PartitionStore runtime = new InMemoryPartitionStore(owners);

  @Override
  PartitionStore runtime() {
    return runtime;
  }

  @Override
  PartitionOwnerStore owners() {
    return owners;
  }
}
