package dev.tender.exchange;

import dev.tender.cluster.Backend;
import dev.tender.cluster.KindModule;
import dev.tender.cluster.KindRuntime;
import dev.tender.cluster.PartitionRouter;
import dev.tender.cluster.Request;
import dev.tender.cluster.Response;
import dev.tender.cluster.Routers;
import dev.tender.exchange.Exchange.PingCommand;
import dev.tender.exchange.Exchange.PingState;
import dev.tender.exchange.Exchange.PongCommand;
import dev.tender.exchange.Exchange.PongState;
import dev.tender.exchange.Exchange.View;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * Adds the ping and pong kinds to every node started with the test classes on its class path, and
 * operator routes to drive them: {@code POST /admin/exchanges/:id?delay_ms=N} starts an exchange,
 * {@code GET /admin/exchanges/:id} answers both sides.
 */
public final class ExchangeModule implements KindModule {
  @Override
  public List<KindRuntime<?, ?, ?>> kinds(Backend backend) {
    return List.of(
        new KindRuntime<>(Exchange.PING, Exchange.PING_RULES,
            backend.documents("ping", Exchange.PING_STATES, id -> new PingState(id, Exchange.Status.NEW, 0))),
        new KindRuntime<>(Exchange.PONG, Exchange.PONG_RULES,
            backend.documents("pong", Exchange.PONG_STATES, id -> new PongState(0))));
  }

  @Override
  public void adminRoutes(Router router, Routers routers) {
    PartitionRouter<PingCommand, View> pings = routers.of(Exchange.PING);
    PartitionRouter<PongCommand, View> pongs = routers.of(Exchange.PONG);
    router.post("/admin/exchanges/:id").handler(ctx -> {
      String id = ctx.pathParam("id");
      long delay = Long.parseLong(ctx.queryParams().get("delay_ms") == null ? "0" : ctx.queryParams().get("delay_ms"));
      String key = ctx.request().getHeader("Idempotency-Key");
      pings.send(new Request<>(new PingCommand.Start(id, delay), "admin", key == null ? "start-" + id : key, null, true))
          .map(r -> new JsonObject().put("ping", json(r)))
          .onComplete(ar -> answer(ctx, ar.succeeded() ? Future.succeededFuture(ar.result()) : Future.failedFuture(ar.cause())));
    });
    router.get("/admin/exchanges/:id").handler(ctx -> {
      String id = ctx.pathParam("id");
      Future<Response<View>> ping = pings.read(new PingCommand.Get(id));
      Future<Response<View>> pong = pongs.read(new PongCommand.Get(id));
      answer(ctx, Future.all(ping, pong).map(v -> new JsonObject().put("ping", json(ping.result())).put("pong", json(pong.result()))));
    });
  }

  private static JsonObject json(Response<View> r) {
    View v = ((Response.Done<View>) r).reply();
    return new JsonObject().put("status", v.status()).put("count", v.count());
  }

  private static void answer(RoutingContext ctx, Future<JsonObject> body) {
    body.onSuccess(b -> ctx.json(b)).onFailure(e -> ctx.response().setStatusCode(503).end(String.valueOf(e.getMessage())));
  }
}
