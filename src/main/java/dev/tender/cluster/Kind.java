package dev.tender.cluster;

import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The declaration of a partitioned aggregate kind: everything a node needs to route its commands and
 * carry them between nodes, whether or not it owns any of its partitions. What the owner needs on
 * top (the decision and the store) is a {@link KindRuntime}.
 *
 * @param name lower-case, unique; names the event-bus addresses ({@code tender.<name>.<p>}) and the
 *             ownership, timer, outbox and idempotency rows of the kind
 * @param keyOf the aggregate key a command addresses; the partition is a stable hash of it
 * @param mutates whether a command may change state: such commands carry an idempotency key and
 *                their outcome is recorded durably
 * @param commands wire codec of the kind's commands
 * @param replies wire codec of the kind's replies
 */
public record Kind<C, R>(String name, Function<C, String> keyOf, Predicate<C> mutates,
                         WireCodec<C> commands, WireCodec<R> replies) {

  /** Partition of a key: the string's hash, which Java specifies, so every JVM agrees. */
  public static int partitionOf(String key, int partitions) {
    return Math.floorMod(key.hashCode(), partitions);
  }

  public String requestCodecName() {
    return "tender." + name + ".request";
  }

  public String responseCodecName() {
    return "tender." + name + ".response";
  }
}
