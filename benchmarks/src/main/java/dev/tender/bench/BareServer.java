package dev.tender.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;

/**
 * The load test's baseline: a bare Vert.x 5 server that parses a JSON POST and answers JSON (and a
 * JSON GET), with as many instances as a Tender node runs. Whatever Tender does beyond this is its cost.
 * Usage: java -cp benchmarks.jar dev.tender.bench.BareServer PORT [INSTANCES]
 */
public final class BareServer extends VerticleBase {
  private final int port;

  private BareServer(int port) {
    this.port = port;
  }

  @Override
  public Future<?> start() {
    return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port)).requestHandler(req -> {
      if (req.method().name().equals("POST")) {
        req.body().onSuccess(body -> {
          JsonObject in = body.toJsonObject();
          req.response().putHeader("Content-Type", "application/json")
              .end(new JsonObject().put("message", "ok").put("success", true).put("content", in).toBuffer());
        });
      } else {
        req.response().putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("message", "ok").put("success", true).put("content", new JsonObject().put("id", "x")).toBuffer());
      }
    }).listen();
  }

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    int instances = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    Vertx.vertx().deployVerticle(() -> new BareServer(port), new DeploymentOptions().setInstances(instances))
        .onSuccess(id -> System.out.println("bare server on " + port))
        .onFailure(e -> { e.printStackTrace(); System.exit(1); });
  }
}
