package dev.tender.store;

class InMemoryShopperStoreTest extends ShopperStoreContract {
  private final ShopperStore store = new InMemoryShopperStore();

  @Override
  ShopperStore store() {
    return store;
  }
}
