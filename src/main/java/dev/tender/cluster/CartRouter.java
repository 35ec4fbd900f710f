package dev.tender.cluster;

import dev.tender.cart.CartCommand;
import dev.tender.cart.CartReply;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;

/**
 * The one place that maps a cart key to a partition and the partition to an event-bus address, and
 * sends the command there. On a single node every partition is local; the cluster substrate will
 * change what stands behind the address, not the callers.
 */
public final class CartRouter {
  private final Vertx vertx;
  private final int partitions;
  private final String[] addresses;
  private final DeliveryOptions options;

  public CartRouter(Vertx vertx, int partitions, long timeoutMillis) {
    this.vertx = vertx;
    this.partitions = partitions;
    this.addresses = new String[partitions];
    for (int p = 0; p < partitions; p++) {
      addresses[p] = Addresses.cart(p);
    }
    this.options = new DeliveryOptions().setSendTimeout(timeoutMillis).setCodecName(LocalCodec.nameFor(CartCommand.class));
  }

  /** Partition of a key: the id's string hash, which Java specifies, so every JVM agrees. */
  public static int partitionOf(String key, int partitions) {
    return Math.floorMod(key.hashCode(), partitions);
  }

  public int partitions() {
    return partitions;
  }

  public Future<CartReply> send(CartCommand command) {
    String address = addresses[partitionOf(command.owner().value(), partitions)];
    return vertx.eventBus().<CartReply>request(address, command, options).map(Message::body);
  }
}
