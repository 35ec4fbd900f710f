package dev.tender.http;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The operators' console: {@code GET /admin/console}, a static page (with its script and style sheet beside
 * it under {@value #DIR}, served as {@code GET /admin/console/{file}}) that polls {@code GET /admin/cluster} and {@code GET /metrics} from the browser.
 * The page holds no secret and is served without a key; the operator types the admin key into it (or
 * passes {@code #key=...}), and every call it makes carries {@code X-Admin-Key}. The files are read once,
 * on a worker thread, when the router is built, and served from memory.
 */
final class ConsoleRoutes {
  private static final Logger LOG = Logger.getLogger(ConsoleRoutes.class.getName());
  static final String PATH = "/admin/console";
  static final String DIR = "dev/tender/http/console/";
  /** Served file, under {@link #PATH}, and its content type. */
  private static final Map<String, String> FILES = Map.of(
      "index.html", "text/html; charset=utf-8",
      "console.js", "text/javascript; charset=utf-8",
      "console.css", "text/css; charset=utf-8");
  /** Only our own files, and calls to this node; no framing. */
  private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
      + "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private Future<Map<String, Buffer>> files;

  void mount(Router r) {
    Context context = Vertx.currentContext();
    if (context != null) { // the verticle's start: read now
      files = load(context.owner());
    }
    r.get(PATH).handler(ctx -> serve(ctx, "index.html"));
    r.get(PATH + "/:file").handler(ctx -> serve(ctx, ctx.pathParam("file"))); // its script and style sheet
  }

  private Future<Map<String, Buffer>> load(Vertx vertx) {
    return vertx.executeBlocking(() -> {
      Map<String, Buffer> out = new LinkedHashMap<>();
      for (String name : FILES.keySet()) {
        try (InputStream in = ConsoleRoutes.class.getClassLoader().getResourceAsStream(DIR + name)) {
          if (in == null) {
            throw new IllegalStateException("no resource " + DIR + name);
          }
          out.put(name, Buffer.buffer(in.readAllBytes()));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return out;
    }, false).onFailure(e -> LOG.log(Level.SEVERE, "the operator console " + DIR + " could not be read", e));
  }

  private void serve(RoutingContext ctx, String name) {
    if (!FILES.containsKey(name)) {
      throw ApiError.notFound("file");
    }
    if (files == null) { // a router built outside a verticle: read on first use
      files = load(ctx.vertx());
    }
    files.onSuccess(all -> ctx.response()
            .putHeader("content-type", FILES.get(name))
            .putHeader("cache-control", "no-cache")
            .putHeader("content-security-policy", CSP)
            .putHeader("x-content-type-options", "nosniff")
            .putHeader("referrer-policy", "no-referrer")
            .end(all.get(name)))
        .onFailure(e -> ctx.fail(new ApiError(500, "INTERNAL_ERROR", "the console is not available")));
  }
}
