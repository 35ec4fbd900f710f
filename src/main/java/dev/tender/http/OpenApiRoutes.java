package dev.tender.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code GET /api/v1/{store_id}/openapi.json}: the OpenAPI 3.1 description of every route this node serves
 * (no credential). The document is the resource {@value #RESOURCE}, written by hand and kept honest by
 * {@code OpenApiHttpTest}, which compares it with the routes the router really mounts. It is read once,
 * on a worker thread, when the router is built; {@value #STORE_ID} is replaced by this node's store id, and
 * an operation marked {@code "x-served-when": "<condition>"} is left out unless that condition holds on this
 * node ({@code test_gateway}: not production; {@code metrics}: {@code metrics_enabled}).
 */
final class OpenApiRoutes {
  private static final Logger LOG = Logger.getLogger(OpenApiRoutes.class.getName());
  static final String RESOURCE = "dev/tender/http/openapi.json";
  /** How the resource writes the store id in paths and texts. */
  static final String STORE_ID = "{store_id}";
  static final String SERVED_WHEN = "x-served-when";
  private static final String JSON = "application/json; charset=utf-8";

  private final Vertx vertx;
  private final String storeId;
  private final Map<String, Boolean> conditions;

  /** {@code conditions}: whether each condition an operation can be served under holds on this node. */
  OpenApiRoutes(Vertx vertx, String storeId, Map<String, Boolean> conditions) {
    this.vertx = vertx;
    this.storeId = storeId;
    this.conditions = Map.copyOf(conditions);
  }

  static String path(String storeId) {
    return "/api/v1/" + storeId + "/openapi.json";
  }

  void mount(Router r) {
    Future<Buffer> document = vertx.executeBlocking(this::load, false)
        .onFailure(e -> LOG.log(Level.SEVERE, "the OpenAPI document " + RESOURCE + " could not be read", e));
    r.get(path(storeId)).handler(ctx -> document
        .onSuccess(body -> ctx.response().putHeader("content-type", JSON).putHeader("cache-control", "no-cache").end(body))
        .onFailure(e -> ctx.fail(new ApiError(500, "INTERNAL_ERROR", "the API description is not available"))));
  }

  private Buffer load() {
    JsonObject doc;
    try (InputStream in = OpenApiRoutes.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("no resource " + RESOURCE);
      }
      doc = new JsonObject(Buffer.buffer(in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    onlyServed(doc);
    return ((JsonObject) fillIn(doc)).toBuffer();
  }

  /** Drops the operations whose condition does not hold here, the path items left empty, and the tags left unused. */
  private void onlyServed(JsonObject doc) {
    JsonObject paths = doc.getJsonObject("paths");
    Set<Object> used = new HashSet<>();
    for (String path : new ArrayList<>(paths.fieldNames())) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : new ArrayList<>(item.fieldNames())) {
        if (!isMethod(method)) {
          continue;
        }
        JsonObject op = item.getJsonObject(method);
        String condition = op.getString(SERVED_WHEN);
        if (condition != null && !conditions.containsKey(condition)) {
          throw new IllegalStateException(method + " " + path + ": unknown " + SERVED_WHEN + " " + condition);
        }
        if (condition != null && !conditions.get(condition)) {
          item.remove(method);
        } else {
          used.addAll(op.getJsonArray("tags", new JsonArray()).getList());
        }
      }
      if (item.fieldNames().stream().noneMatch(OpenApiRoutes::isMethod)) {
        paths.remove(path);
      }
    }
    JsonArray tags = doc.getJsonArray("tags", new JsonArray());
    for (int i = tags.size() - 1; i >= 0; i--) {
      if (!used.contains(tags.getJsonObject(i).getString("name"))) {
        tags.remove(i);
      }
    }
  }

  static boolean isMethod(String field) {
    return List.of("get", "put", "post", "delete", "options", "head", "patch", "trace").contains(field);
  }

  /** A copy with the store id in every key and string. */
  private Object fillIn(Object v) {
    return switch (v) {
      case JsonObject o -> {
        JsonObject out = new JsonObject();
        o.forEach(e -> out.put(e.getKey().replace(STORE_ID, storeId), fillIn(e.getValue())));
        yield out;
      }
      case JsonArray a -> {
        JsonArray out = new JsonArray();
        a.forEach(x -> out.add(fillIn(x)));
        yield out;
      }
      case String s -> s.replace(STORE_ID, storeId);
      case null, default -> v;
    };
  }
}
