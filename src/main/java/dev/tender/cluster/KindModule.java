package dev.tender.cluster;

import io.vertx.ext.web.Router;
import java.util.List;

/**
 * Extra partition kinds a node runs beside the built-in ones, found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.tender.cluster.KindModule}). The tests add kinds this way to prove the
 * runtime's effects, timers and outbox on real nodes.
 */
public interface KindModule {
  List<KindRuntime<?, ?, ?>> kinds(Backend backend);

  /** Routes for operators, mounted behind the admin key under {@code /admin/}. */
  default void adminRoutes(Router router, Routers routers) {}
}
