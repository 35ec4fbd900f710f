package dev.tender.cluster;

import java.util.function.Function;

/**
 * What a node's storage backend offers kinds that need no schema of their own: a versioned document
 * per aggregate, kept in the wire form of its state. Implemented in {@code store/} for PostgreSQL and
 * memory; a {@link KindModule} uses it to build its store.
 */
public interface Backend {
  <S> Documents<S> documents(String kind, WireCodec<S> codec, Function<String, S> empty);
}
