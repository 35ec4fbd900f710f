package dev.tender.store;

import dev.tender.cart.ShopperStore;
import dev.tender.cluster.PartitionOwnerStore;
import dev.tender.cluster.PartitionStore;

class InMemoryShopperStoreTest extends ShopperStoreContract {
  private final InMemoryPartitionOwnerStore owners = new InMemoryPartitionOwnerStore();
  private final PartitionStore runtime = new InMemoryPartitionStore(owners);
  private final ShopperStore store = new InMemoryShopperStore();

  @Override
  ShopperStore store() {
    return store;
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
