package dev.tender.store;

import dev.tender.cart.Shopper;
import dev.tender.cart.ShopperStore;
import dev.tender.cart.UserId;
import io.vertx.core.Future;

/** The zero-set-up store: shoppers as versioned values in memory, lost when the process stops. */
public final class InMemoryShopperStore implements ShopperStore {
  private final InMemoryDocumentStore<Shopper> shoppers = new InMemoryDocumentStore<>(key -> Shopper.empty(new UserId(key)));

  @Override
  public Future<Versioned<Shopper>> load(String key) {
    return shoppers.load(key);
  }

  @Override
  public StagedWrite stage(String key, Shopper before, Shopper after, long expectedVersion, long epoch) {
    return shoppers.stage(key, before, after, expectedVersion, epoch);
  }
}
