package dev.tender.cluster;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every kind a node knows, by name, with its router: how an outbox reaches another kind. */
public final class Routers {
  private final Map<String, PartitionRouter<?, ?>> byName = new LinkedHashMap<>();

  public Routers(List<PartitionRouter<?, ?>> routers) {
    routers.forEach(r -> byName.put(r.kind().name(), r));
  }

  @SuppressWarnings("unchecked")
  public <C, R> PartitionRouter<C, R> of(Kind<C, R> kind) {
    return (PartitionRouter<C, R>) of(kind.name());
  }

  public PartitionRouter<?, ?> of(String kind) {
    PartitionRouter<?, ?> r = byName.get(kind);
    if (r == null) {
      throw new IllegalArgumentException("no such kind: " + kind);
    }
    return r;
  }
}
