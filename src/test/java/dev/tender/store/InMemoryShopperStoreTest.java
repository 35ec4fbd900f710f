package dev.tender.store;

class InMemoryShopperStoreTest extends ShopperStoreContract {
  private final InMemoryPartitionOwnerStore owners = new InMemoryPartitionOwnerStore();
  private final ShopperStore store = new InMemoryShopperStore(owners);

  @Override
  ShopperStore store() {
    return store;
  }

  @Override
  PartitionOwnerStore owners() {
    return owners;
  }
}
