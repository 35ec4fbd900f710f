package dev.tender.store;

import dev.tender.cart.Shopper;
import dev.tender.cart.UserId;
import io.vertx.core.Future;
import java.util.List;

/**
 * Persistence port of the cart capability: one document per shopper (active cart + wishlist),
 * fenced by version. Called only by the partition that owns the shopper.
 */
public interface ShopperStore {
  /** The stored shopper, or {@link Shopper#empty} (version 0) if none was ever written. */
  Future<Shopper> load(UserId id);

  /**
   * Writes every shopper in one durable round trip (group commit). Write {@code i} applies only if
   * the stored version is {@code shoppers[i].version() - 1} (0 = absent) and the partition is still
   * at the fence's epoch; otherwise it is refused and {@code result[i]} is false. The future fails
   * only if the store itself failed, and then nothing of the batch was written.
   */
  Future<boolean[]> writeAll(List<Shopper> shoppers, Fence fence);

  /** True if a write acknowledged by this store survives a crash of the process. */
  boolean durable();
}
