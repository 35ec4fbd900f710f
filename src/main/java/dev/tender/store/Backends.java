package dev.tender.store;

import dev.tender.cluster.Documents;
import dev.tender.cluster.Backend;
import dev.tender.cluster.WireCodec;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.util.function.Function;

/** The two storage backends as {@link Backend}s. */
public final class Backends {
  private Backends() {}

  public static Backend postgres(Pool pool) {
    return new Backend() {
      @Override
      public <S> Documents<S> documents(String kind, WireCodec<S> codec, Function<String, S> empty, Function<S, String> ownerOf,
                                        Function<S, Instant> attentionAt) {
        return new PgDocumentStore<>(pool, kind, codec, empty, ownerOf, attentionAt);
      }
    };
  }

  public static Backend memory() {
    return new Backend() {
      @Override
      public <S> Documents<S> documents(String kind, WireCodec<S> codec, Function<String, S> empty, Function<S, String> ownerOf,
                                        Function<S, Instant> attentionAt) {
        return new InMemoryDocumentStore<>(empty, ownerOf, attentionAt);
      }
    };
  }
}
