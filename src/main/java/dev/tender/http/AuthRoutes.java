package dev.tender.http;

import dev.tender.auth.TokenPair;
import dev.tender.auth.TokenService;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code /auth/anonymous} and {@code /auth/refresh-token}; customers sign in through {@link AccountRoutes}. */
final class AuthRoutes {
  private final TokenService tokens;
  private final Guards guards;

  AuthRoutes(TokenService tokens, Guards guards) {
    this.tokens = tokens;
    this.guards = guards;
  }

  void mount(Router r, String base) {
    r.post(base + "/auth/anonymous").handler(guards.apiKey()).handler(this::anonymous);
    r.post(base + "/auth/refresh-token").handler(this::refresh);
  }

  private void anonymous(RoutingContext ctx) {
    tokens.anonymous(Guards.bearerToken(ctx))
        .onSuccess(pair -> Envelope.ok(ctx, "anonymous session created", withUser(pair)))
        .onFailure(ctx::fail);
  }

  private void refresh(RoutingContext ctx) {
    String refreshToken = Bodies.requiredString(Bodies.object(ctx), "refresh_token");
    tokens.refresh(refreshToken)
        .onSuccess(pair -> Envelope.ok(ctx, "tokens refreshed",
            new JsonObject().put("access_token", pair.accessToken()).put("refresh_token", pair.refreshToken())))
        .onFailure(ctx::fail);
  }

  private static JsonObject withUser(TokenPair pair) {
    return new JsonObject().put("user", AccountJson.anonymousUser(pair.principal().userId()))
        .put("access_token", pair.accessToken()).put("refresh_token", pair.refreshToken());
  }
}
