package dev.tender.cluster;

import java.time.Instant;
import java.util.function.Function;

/**
 * What a node's storage backend offers kinds that need no schema of their own: a versioned document
 * per aggregate, kept in the wire form of its state. Implemented in {@code store/} for PostgreSQL and
 * memory; a {@link KindModule} uses it to build its store.
 */
public interface Backend {
  default <S> Documents<S> documents(String kind, WireCodec<S> codec, Function<String, S> empty) {
    return documents(kind, codec, empty, null, null);
  }

  /**
   * Documents that also record whose each is ({@code ownerOf}, null = nobody's), so an owner's can be
   * listed newest first ({@link Documents#ownedBy}); the owner is fixed when the document is created.
   */
  default <S> Documents<S> documents(String kind, WireCodec<S> codec, Function<String, S> empty, Function<S, String> ownerOf) {
    return documents(kind, codec, empty, ownerOf, null);
  }

  /**
   * Documents that may also carry an attention instant, recomputed by {@code attentionAt} from the state
   * at every write (null function, or a null answer: nothing to do), so that work due on documents can be
   * found without reading them all ({@link Documents#needingAttention}).
   */
  <S> Documents<S> documents(String kind, WireCodec<S> codec, Function<String, S> empty, Function<S, String> ownerOf,
                             Function<S, Instant> attentionAt);
}
