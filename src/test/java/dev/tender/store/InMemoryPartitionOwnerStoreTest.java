package dev.tender.store;

import dev.tender.cluster.PartitionOwnerStore;

class InMemoryPartitionOwnerStoreTest extends PartitionOwnerStoreContract {
  private final InMemoryPartitionOwnerStore owners = new InMemoryPartitionOwnerStore();

  @Override
  PartitionOwnerStore owners() {
    return owners;
  }
}
