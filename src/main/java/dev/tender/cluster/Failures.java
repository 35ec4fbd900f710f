package dev.tender.cluster;

import io.vertx.core.eventbus.ReplyException;

/**
 * Failure codes of partition replies ({@link ReplyException#failureCode()}), and which of them a
 * sender retries. Every retryable one means "not applied": the sender sends the same request again.
 */
public final class Failures {
  /** The store failed or timed out; nothing of the command is durable. Retryable. */
  public static final int STORE_UNAVAILABLE = 503;
  /** The write was refused by a fence (another writer, a newer epoch); the aggregate reloads. Retryable. */
  public static final int WRITE_FENCED = 409;
  /** This node does not own the partition (moved, or confirming ownership). Retryable. */
  public static final int NOT_OWNER = 421;
  /** The partition has too much waiting (its store is stalled): fail fast rather than queue. Not retried. */
  public static final int OVERLOADED = 529;
  /** The database refused this command's data (a constraint, an encoding). Not retried: it would fail again. */
  public static final int WRITE_REJECTED = 422;
  /** A bug in a decision. */
  public static final int INTERNAL = 500;

  private Failures() {}

  public static boolean retryable(Throwable e) {
    if (!(e instanceof ReplyException r)) {
      return false;
    }
    return switch (r.failureType()) {
      // ERROR: the message could not be sent (the owner's node died and its registration is not yet
      // cleaned up). Like a timeout, the command may be sent again: duplicates are answered, not applied.
      case TIMEOUT, NO_HANDLERS, ERROR -> true;
      case RECIPIENT_FAILURE -> r.failureCode() == STORE_UNAVAILABLE || r.failureCode() == WRITE_FENCED
          || r.failureCode() == NOT_OWNER;
    };
  }

  /** Failed for a reason that passes: the client may send the same request again later (503 + Retry-After). */
  public static boolean temporary(Throwable e) {
    return retryable(e) || (e instanceof ReplyException r && r.failureType() == io.vertx.core.eventbus.ReplyFailure.RECIPIENT_FAILURE
        && r.failureCode() == OVERLOADED);
  }
}
