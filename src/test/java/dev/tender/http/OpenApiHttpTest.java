package dev.tender.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tender.TestNode;
import dev.tender.cluster.KindModule;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.deployment.DeploymentContext;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document served at {@code GET /api/v1/{store_id}/openapi.json} lists exactly the routes the
 * node mounts, no more and no fewer, and is structurally a valid OpenAPI 3.1 document.
 *
 * <p>How the two sides are compared: the document is fetched over real HTTP from a running node. The
 * mounted routes are read from the router that node's {@link StorefrontServer} builds: the test finds the
 * deployed verticle instance (through Vert.x's deployment manager) and calls its {@code router()} on an
 * event loop of that deployment, so the routes are exactly those of the node's code path and configuration.
 * Each route becomes (method, path) pairs, {@code :param} written {@code {param}}; both sides carry the node's
 * store id literally (the document is served with it filled in). Routes with no path (CORS, body
 * handler, failure handler) are global handlers and skipped. Wildcard routes ({@code /admin/*}) are the
 * admin-key guards, not endpoints: they are skipped, but only the known guard prefixes are allowed, so a new
 * wildcard or regex route fails the test until someone decides how to document it. Routes contributed by
 * {@link KindModule}s (the tests' ping/pong operator routes) are plug-ins found on the class path, not
 * part of the product: they are left out, and must not be documented.
 */
class OpenApiHttpTest {
  private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
  private static final Set<String> TAGS = Set.of("storefront", "admin", "occ", "payments", "health", "test-gateway");
  private static final Pattern VERTX_PARAM = Pattern.compile(":([A-Za-z0-9_]+)");
  private static final Pattern TEMPLATE_PARAM = Pattern.compile("\\{([^}/]+)}");

  @Test
  void the_document_lists_exactly_the_mounted_routes_of_a_dev_node() throws Exception {
    try (TestNode node = TestNode.start(Map.of("TENDER_STORE", "memory"))) {
      JsonObject doc = fetch(node, "test-store");
      checkStructure(doc);
      compare(doc, node, "test-store");
      assertThat(doc.getJsonObject("paths").fieldNames())
          .contains("/sim/payu/_payment", "/sim/payu/merchant/postservice.php", "/metrics", "/api/v1/test-store/openapi.json");
    }
  }

  /** Production serves no test gateway, and without metrics no /metrics: its document lists neither; its store id is filled in. */
  @Test
  void a_production_node_documents_no_test_gateway_and_its_own_store_id() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("TENDER_STORE", "memory");
    env.put("TENDER_PROFILE", "production");
    env.put("TENDER_STORE_ID", "shop-7");
    env.put("TENDER_JWT_SECRET", "a-production-like-secret-of-forty-characters");
    env.put("TENDER_GIFT_CARD_PIN_SECRET", "another-secret-for-pins");
    env.put("TENDER_API_KEY", "prod-api-key");
    env.put("TENDER_ADMIN_KEY", "prod-admin-key");
    env.put("TENDER_PAYU_KEY", "prodKey");
    env.put("TENDER_PAYU_SALT", "prodSalt");
    env.put("TENDER_PAYU_URL", "http://127.0.0.1:9");
    env.put("TENDER_METRICS_ENABLED", "false");
    try (TestNode node = TestNode.start(env)) {
      JsonObject doc = fetch(node, "shop-7");
      checkStructure(doc);
      compare(doc, node, "shop-7");
      assertThat(doc.getJsonObject("paths").fieldNames()).noneMatch(p -> p.startsWith("/sim/")).doesNotContain("/metrics")
          .contains("/api/v1/shop-7/storefront/carts/{id}", "/api/v1/shop-7/openapi.json");
      assertThat(doc.getJsonArray("tags").stream().map(t -> ((JsonObject) t).getString("name"))).doesNotContain("test-gateway");
    }
  }

  // ---------------------------------------------------------------- the document over HTTP

  private static JsonObject fetch(TestNode node, String storeId) throws Exception {
    HttpResponse<Buffer> r = TestNode.await(node.http.request(HttpMethod.GET, node.port, "127.0.0.1",
        "/api/v1/" + storeId + "/openapi.json").send()); // no credential
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    assertThat(r.getHeader("content-type")).startsWith("application/json");
    JsonObject doc = r.bodyAsJsonObject();
    assertThat(r.bodyAsString()).as("the store id is filled in").doesNotContain("{store_id}");
    return doc;
  }

  // ---------------------------------------------------------------- document versus router

  private static void compare(JsonObject doc, TestNode node, String storeId) throws Exception {
    StorefrontServer server = deployedServer(node);
    Router router = onContextOf(node, server);
    Set<String> moduleRoutes = moduleRoutes(node, server);
    Set<String> guards = Set.of("/admin/", "/api/v1/" + storeId + "/admin/");

    Set<String> served = new TreeSet<>();
    List<String> undecided = new ArrayList<>();
    for (Route route : router.getRoutes()) {
      String path = route.getPath();
      if (path == null) {
        if (route.isRegexPath()) { // Vert.x also calls a path with :params a regex path, but keeps its path
          undecided.add("regex route " + route + " " + methods(route) + ": decide how the document describes it");
        }
        continue; // a global handler: CORS, body, failures
      }
      if (!route.isExactPath()) {
        if (!guards.contains(path) || !methods(route).isEmpty()) {
          undecided.add("wildcard route " + path + "* " + methods(route) + ": known guards are " + guards);
        }
        continue; // the admin-key guards in front of the operators' routes
      }
      if (methods(route).isEmpty()) {
        undecided.add("route " + path + " answers every method: mount it per method");
        continue;
      }
      for (HttpMethod m : methods(route)) {
        served.add(m.name() + " " + templated(path));
      }
    }
    assertThat(undecided).as("routes the comparison cannot place").isEmpty();

    Set<String> documented = new TreeSet<>();
    JsonObject paths = doc.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      for (String field : paths.getJsonObject(path).fieldNames()) {
        if (HTTP_METHODS.contains(field)) {
          documented.add(field.toUpperCase() + " " + path);
        }
      }
    }

    Set<String> missing = new TreeSet<>(served);
    missing.removeAll(documented);
    missing.removeAll(moduleRoutes);
    Set<String> notServed = new TreeSet<>(documented);
    notServed.removeAll(served);
    Set<String> pluginsDocumented = new TreeSet<>(documented);
    pluginsDocumented.retainAll(moduleRoutes);

    assertThat(served).as("the router mounts routes").hasSizeGreaterThan(50);
    assertThat(missing.size() + notServed.size())
        .as("the document and the router differ.%nmounted but missing from %s:%n  %s%ndocumented but not served:%n  %s",
            OpenApiRoutes.RESOURCE, String.join("\n  ", missing), String.join("\n  ", notServed))
        .isZero();
    assertThat(pluginsDocumented).as("KindModule (test plug-in) routes must not be documented").isEmpty();
  }

  /** A route's methods; none (null) means every method. */
  private static Set<HttpMethod> methods(Route route) {
    return route.methods() == null ? Set.of() : route.methods();
  }

  /** {@code /carts/:id} as {@code /carts/{id}}. */
  static String templated(String vertxPath) {
    return VERTX_PARAM.matcher(vertxPath).replaceAll("{$1}");
  }

  /** The node's deployed storefront verticle (one of its instances; all build the same router). */
  private static StorefrontServer deployedServer(TestNode node) {
    for (DeploymentContext d : ((VertxInternal) node.vertx).deploymentManager().deployments()) {
      for (var instance : d.deployment().instances()) {
        if (instance instanceof StorefrontServer s) {
          return s;
        }
      }
    }
    throw new AssertionError("no StorefrontServer deployed");
  }

  /** The server's router, built on an event loop of its deployment, as at start-up. */
  private static Router onContextOf(TestNode node, StorefrontServer server) throws Exception {
    Context context = contextOf(node, server);
    Promise<Router> built = Promise.promise();
    context.runOnContext(v -> {
      try {
        built.complete(server.router());
      } catch (Throwable t) {
        built.fail(t);
      }
    });
    return TestNode.await(built.future());
  }

  private static Context contextOf(TestNode node, StorefrontServer server) {
    for (DeploymentContext d : ((VertxInternal) node.vertx).deploymentManager().deployments()) {
      if (d.deployment().instances().contains(server)) {
        return d.deployment().contexts().iterator().next();
      }
    }
    throw new AssertionError("no context for the StorefrontServer");
  }

  /** The (method, path) pairs the node's {@link KindModule}s mount: what each adds to an empty router. */
  private static Set<String> moduleRoutes(TestNode node, StorefrontServer server) throws Exception {
    Field f = StorefrontServer.class.getDeclaredField("services");
    f.setAccessible(true);
    StorefrontServer.Services services = (StorefrontServer.Services) f.get(server);
    Set<String> routes = new TreeSet<>();
    for (KindModule m : services.modules()) {
      Router scratch = Router.router(node.vertx);
      m.adminRoutes(scratch, services.routers());
      for (Route r : scratch.getRoutes()) {
        if (r.getPath() != null) {
          methods(r).forEach(method -> routes.add(method.name() + " " + templated(r.getPath())));
        }
      }
    }
    return routes;
  }

  // ---------------------------------------------------------------- OpenAPI 3.1, structurally

  private static void checkStructure(JsonObject doc) {
    List<String> problems = new ArrayList<>();
    if (!(doc.getValue("openapi") instanceof String v) || !v.matches("3\\.1\\.\\d+")) {
      problems.add("openapi must be 3.1.x, is " + doc.getValue("openapi"));
    }
    JsonObject info = doc.getJsonObject("info");
    if (info == null || blank(info.getString("title")) || blank(info.getString("version"))) {
      problems.add("info needs a title and a version");
    } else if (blank(info.getString("description"))) {
      problems.add("info.description explains the paths; it is missing");
    }
    Set<String> declaredTags = new HashSet<>();
    doc.getJsonArray("tags", new JsonArray()).forEach(t -> declaredTags.add(((JsonObject) t).getString("name")));
    JsonObject schemes = doc.getJsonObject("components", new JsonObject()).getJsonObject("securitySchemes", new JsonObject());
    assertThat(schemes.fieldNames()).as("security schemes").containsExactlyInAnyOrder("bearer", "apiKey", "adminKey");

    JsonObject paths = doc.getJsonObject("paths");
    if (paths == null || paths.isEmpty()) {
      problems.add("no paths");
      paths = new JsonObject();
    }
    Set<String> operationIds = new HashSet<>();
    Map<String, String> shapes = new HashMap<>();
    for (String path : paths.fieldNames()) {
      String where = path;
      if (!path.startsWith("/")) {
        problems.add(where + ": a path starts with /");
      }
      String shape = TEMPLATE_PARAM.matcher(path).replaceAll("{}");
      String same = shapes.put(shape, path);
      if (same != null) {
        problems.add(where + ": the same template as " + same);
      }
      JsonObject item = paths.getJsonObject(path);
      List<String> methods = item.fieldNames().stream().filter(HTTP_METHODS::contains).toList();
      if (methods.isEmpty()) {
        problems.add(where + ": a path item without operations");
      }
      for (String field : item.fieldNames()) {
        if (!HTTP_METHODS.contains(field) && !Set.of("parameters", "summary", "description", "servers", "$ref").contains(field)) {
          problems.add(where + ": unknown field " + field);
        }
      }
      Set<String> templateParams = new TreeSet<>();
      Matcher m = TEMPLATE_PARAM.matcher(path);
      while (m.find()) {
        templateParams.add(m.group(1));
      }
      for (String method : methods) {
        String op = method.toUpperCase() + " " + path;
        JsonObject o = item.getJsonObject(method);
        JsonObject responses = o.getJsonObject("responses");
        if (responses == null || responses.isEmpty()) {
          problems.add(op + ": no responses");
        } else {
          for (String status : responses.fieldNames()) {
            JsonObject r = responses.getJsonObject(status);
            if (!status.matches("default|[1-5](\\d\\d|XX)")) {
              problems.add(op + ": response key " + status);
            }
            if (!r.containsKey("$ref") && blank(r.getString("description"))) {
              problems.add(op + " " + status + ": a response needs a description");
            }
          }
          if (responses.fieldNames().stream().noneMatch(s -> s.startsWith("2") || s.startsWith("3"))) {
            problems.add(op + ": no success response");
          }
        }
        if (o.containsKey(OpenApiRoutes.SERVED_WHEN) && !Set.of("test_gateway", "metrics").contains(o.getValue(OpenApiRoutes.SERVED_WHEN))) {
          problems.add(op + ": unknown " + OpenApiRoutes.SERVED_WHEN + " " + o.getValue(OpenApiRoutes.SERVED_WHEN));
        }
        if (blank(o.getString("summary"))) {
          problems.add(op + ": no summary");
        }
        String id = o.getString("operationId");
        if (blank(id) || !operationIds.add(id)) {
          problems.add(op + ": operationId missing or not unique: " + id);
        }
        JsonArray tags = o.getJsonArray("tags", new JsonArray());
        if (tags.isEmpty()) {
          problems.add(op + ": no tag");
        }
        for (Object t : tags) {
          if (!TAGS.contains(t) || !declaredTags.contains(t)) {
            problems.add(op + ": tag " + t + " is not one of " + TAGS + " declared at the top");
          }
        }
        if (!(o.getValue("security") instanceof JsonArray security)) {
          problems.add(op + ": no explicit security ([] for none)");
        } else {
          for (Object requirement : security) {
            for (String scheme : ((JsonObject) requirement).fieldNames()) {
              if (!schemes.containsKey(scheme)) {
                problems.add(op + ": unknown security scheme " + scheme);
              }
            }
          }
        }
        Set<String> declared = new TreeSet<>();
        List<Object> params = new ArrayList<>(item.getJsonArray("parameters", new JsonArray()).getList());
        params.addAll(o.getJsonArray("parameters", new JsonArray()).getList());
        for (Object p : params) {
          JsonObject param = resolve(doc, p instanceof Map<?, ?> map ? new JsonObject(castMap(map)) : (JsonObject) p);
          if (param == null) {
            problems.add(op + ": a parameter's $ref does not resolve");
          } else if ("path".equals(param.getString("in"))) {
            declared.add(param.getString("name"));
            if (!Boolean.TRUE.equals(param.getBoolean("required"))) {
              problems.add(op + ": path parameter " + param.getString("name") + " must be required");
            }
          }
        }
        if (!declared.equals(templateParams)) {
          problems.add(op + ": path parameters " + declared + " but the template has " + templateParams);
        }
      }
    }
    checkRefs(doc, doc, "#", problems);
    assertThat(problems).as("the document is not well-formed OpenAPI 3.1:\n  " + String.join("\n  ", problems)).isEmpty();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }

  /** Every {@code $ref} points into this document at something that exists. */
  private static void checkRefs(JsonObject doc, Object node, String where, List<String> problems) {
    if (node instanceof JsonObject o) {
      if (o.getValue("$ref") instanceof String ref && resolvePointer(doc, ref) == null) {
        problems.add(where + ": $ref " + ref + " does not resolve");
      }
      o.forEach(e -> checkRefs(doc, e.getValue(), where + "/" + e.getKey(), problems));
    } else if (node instanceof JsonArray a) {
      for (int i = 0; i < a.size(); i++) {
        checkRefs(doc, a.getValue(i), where + "/" + i, problems);
      }
    }
  }

  private static JsonObject resolve(JsonObject doc, JsonObject maybeRef) {
    return maybeRef.getValue("$ref") instanceof String ref ? resolvePointer(doc, ref) : maybeRef;
  }

  private static JsonObject resolvePointer(JsonObject doc, String ref) {
    if (!ref.startsWith("#/")) {
      return null;
    }
    Object at = doc;
    for (String part : ref.substring(2).split("/")) {
      String key = part.replace("~1", "/").replace("~0", "~");
      if (!(at instanceof JsonObject o) || !o.containsKey(key)) {
        return null;
      }
      at = o.getValue(key);
    }
    return at instanceof JsonObject o ? o : null;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
