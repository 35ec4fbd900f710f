package dev.tender.store;

import dev.tender.cart.Shopper;
import dev.tender.cart.UserId;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The zero-set-up store: shoppers in a map, lost when the process stops. Partitions run on several
 * event loops, so the map is concurrent; the version fence is applied atomically per key. The epoch
 * fence reads the node's {@link InMemoryPartitionOwnerStore}.
 */
public final class InMemoryShopperStore implements ShopperStore {
  private final Map<UserId, Shopper> shoppers = new ConcurrentHashMap<>();
  private final InMemoryPartitionOwnerStore owners;

  public InMemoryShopperStore(InMemoryPartitionOwnerStore owners) {
    this.owners = owners;
  }

  @Override
  public Future<Shopper> load(UserId id) {
    return Future.succeededFuture(shoppers.getOrDefault(id, Shopper.empty(id)));
  }

  @Override
  public Future<boolean[]> writeAll(List<Shopper> batch, Fence fence) {
    boolean[] applied = new boolean[batch.size()];
    if (!owners.holds(fence)) {
      return Future.succeededFuture(applied);
    }
    for (int i = 0; i < applied.length; i++) {
      Shopper next = batch.get(i);
      boolean[] ok = {false};
      shoppers.compute(next.id(), (id, stored) -> {
        long storedVersion = stored == null ? 0 : stored.version();
        ok[0] = storedVersion == next.version() - 1;
        return ok[0] ? next : stored;
      });
      applied[i] = ok[0];
    }
    return Future.succeededFuture(applied);
  }

  @Override
  public boolean durable() {
    return false;
  }
}
