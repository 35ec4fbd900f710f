package dev.tender.cluster;

import dev.tender.cart.CartCodecs;
import dev.tender.cart.CartCommand;
import dev.tender.cart.CartPartition;
import dev.tender.cart.CartReply;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;

/**
 * The one place that maps a cart key to a partition and the partition to an event-bus address, and
 * sends the command there. On a single node every partition is local; in a cluster the clustered
 * event bus delivers to whichever member owns the partition now.
 *
 * <p>A command that was not applied for a reason that passes (no owner registered yet, a timeout, an
 * owner that just lost the partition, a fenced write) is sent again, the same command with the same
 * request id, until the deadline: the owner answers a duplicate from state rather than applying it
 * twice. What is left after the deadline reaches the HTTP caller as a 503 with Retry-After.
 */
public final class CartRouter {
  private static final long MAX_ATTEMPT_MS = 2_000;
  private static final long FIRST_BACKOFF_MS = 25;
  private static final long MAX_BACKOFF_MS = 400;

  private final Vertx vertx;
  private final int partitions;
  private final String[] addresses;
  private final long deadlineMs;
  /** The options of an attempt that has its full time left: the common case, so built once. */
  private final DeliveryOptions fullAttempt;

  public CartRouter(Vertx vertx, int partitions, long deadlineMs) {
    this.vertx = vertx;
    this.partitions = partitions;
    this.addresses = new String[partitions];
    for (int p = 0; p < partitions; p++) {
      addresses[p] = Addresses.cart(p);
    }
    this.deadlineMs = deadlineMs;
    this.fullAttempt = options(Math.min(MAX_ATTEMPT_MS, deadlineMs));
  }

  private static DeliveryOptions options(long timeoutMs) {
    return new DeliveryOptions().setCodecName(CartCodecs.COMMAND).setSendTimeout(Math.max(1, timeoutMs));
  }

  /** Partition of a key: the id's string hash, which Java specifies, so every JVM agrees. */
  public static int partitionOf(String key, int partitions) {
    return Math.floorMod(key.hashCode(), partitions);
  }

  public Future<CartReply> send(CartCommand command) {
    String address = addresses[partitionOf(command.owner().value(), partitions)];
    return attempt(address, command, System.currentTimeMillis() + deadlineMs, FIRST_BACKOFF_MS);
  }

  private Future<CartReply> attempt(String address, CartCommand command, long deadline, long backoff) {
    long left = deadline - System.currentTimeMillis();
    DeliveryOptions options = left >= fullAttempt.getSendTimeout() ? fullAttempt : options(Math.min(MAX_ATTEMPT_MS, left));
    return vertx.eventBus().<CartReply>request(address, command, options).map(Message::body).recover(e -> {
      if (!retryable(e) || System.currentTimeMillis() + backoff >= deadline) {
        return Future.failedFuture(e);
      }
      Promise<CartReply> retried = Promise.promise();
      vertx.setTimer(backoff, t -> attempt(address, command, deadline, Math.min(MAX_BACKOFF_MS, backoff * 2)).onComplete(retried));
      return retried.future();
    });
  }

  public static boolean retryable(Throwable e) {
    if (!(e instanceof ReplyException r)) {
      return false;
    }
    return switch (r.failureType()) {
      // ERROR: the message could not be sent (the owner's node died and its registration is not yet
      // cleaned up). Like a timeout, the command may be sent again: duplicates are answered, not applied.
      case TIMEOUT, NO_HANDLERS, ERROR -> true;
      case RECIPIENT_FAILURE -> r.failureCode() == CartPartition.STORE_UNAVAILABLE
          || r.failureCode() == CartPartition.WRITE_FENCED || r.failureCode() == CartPartition.NOT_OWNER;
    };
  }
}
