package dev.tender.http;

import dev.tender.auth.AuthFailure;
import dev.tender.cart.CartPartition;
import dev.tender.cluster.PartitionKeeper;
import dev.tender.store.PartitionOwnerStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Operators' view of the cluster, outside the storefront prefix and behind {@code X-Admin-Key}
 * (a key distinct from the storefront API key). {@code GET /admin/cluster} answers with the members
 * this node sees, what this node runs, and the ownership table of record (PostgreSQL): which member
 * owns which partition under which epoch.
 */
final class AdminRoutes {
  private final StorefrontServer.Services services;
  private final byte[] adminKey;

  AdminRoutes(StorefrontServer.Services services, String adminKey) {
    this.services = services;
    this.adminKey = adminKey.getBytes(StandardCharsets.UTF_8);
  }

  void mount(Router r) {
    r.get("/admin/cluster").handler(this::requireAdminKey).handler(this::cluster);
  }

  private void requireAdminKey(RoutingContext ctx) {
    if (Guards.matches(adminKey, ctx.request().getHeader("X-Admin-Key"))) {
      ctx.next();
    } else {
      ctx.fail(new AuthFailure("UNAUTHORIZED", "missing or wrong X-Admin-Key"));
    }
  }

  private void cluster(RoutingContext ctx) {
    PartitionKeeper.Snapshot local = services.partitions().get();
    services.owners().all(CartPartition.KIND).onSuccess(all -> {
      Map<String, JsonObject> byOwner = new TreeMap<>();
      JsonArray table = new JsonArray();
      for (PartitionOwnerStore.Ownership o : all) {
        table.add(new JsonObject().put("partition", o.partition()).put("owner", o.owner()).put("epoch", o.epoch())
            .put("acquired_at", o.acquiredAt().toString()));
        JsonObject owner = byOwner.computeIfAbsent(o.owner().isEmpty() ? "(released)" : o.owner(),
            k -> new JsonObject().put("partitions", new JsonArray()).put("epochs", new JsonObject()));
        owner.getJsonArray("partitions").add(o.partition());
        owner.getJsonObject("epochs").put(String.valueOf(o.partition()), o.epoch());
      }
      JsonObject runs = new JsonObject();
      new TreeMap<>(local.epochs()).forEach((p, e) -> runs.put(String.valueOf(p), e));
      Envelope.ok(ctx, "cluster", new JsonObject()
          .put("node_id", services.nodeId())
          .put("members", new JsonArray(local.members()))
          .put("partition_count", services.config().partitions())
          .put("this_node_runs", runs)
          .put("owners", new JsonObject(new java.util.LinkedHashMap<>(byOwner)))
          .put("cart_partitions", table));
    }).onFailure(ctx::fail);
  }
}
