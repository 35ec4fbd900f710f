package dev.tender.cluster;

/** What a partition answers to a {@link Request}. Infrastructure failures are failed replies instead. */
public sealed interface Response<R> {
  /** The command's reply; {@code replayed} when it is the recorded outcome of an earlier request with the key. */
  record Done<R>(R reply, boolean replayed) implements Response<R> {}

  /** The idempotency key was used before for a different request. */
  record KeyReused<R>() implements Response<R> {}
}
