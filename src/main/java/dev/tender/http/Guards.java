package dev.tender.http;

import dev.tender.auth.AuthFailure;
import dev.tender.auth.Principal;
import dev.tender.auth.TokenService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Credential checks per route class: API key, bearer token, or either. A passing check stores the caller in the context.
 * One instance per HTTP verticle, used only on its event loop, so the cache needs no lock.
 */
final class Guards {
  private static final String PRINCIPAL = "tender.principal";
  /** Verified access tokens; a shopper sends the same token for many requests until it expires. */
  private static final int VERIFIED_CACHE_SIZE = 10_000;

  private final Map<String, Principal> verified = new LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Principal> eldest) {
      return size() > VERIFIED_CACHE_SIZE;
    }
  };

  private final TokenService tokens;
  private final byte[] apiKey;

  Guards(TokenService tokens, String apiKey) {
    this.tokens = tokens;
    this.apiKey = apiKey.getBytes(StandardCharsets.UTF_8);
  }

  /** A valid, unexpired access token. */
  Handler<RoutingContext> bearer() {
    return ctx -> {
      String token = bearerToken(ctx);
      if (token == null) {
        ctx.fail(new AuthFailure("UNAUTHORIZED", "missing bearer token"));
        return;
      }
      Principal known = verified.get(token);
      if (known != null && known.expiresAt() > tokens.nowEpochSecond()) {
        admit(ctx, known);
        return;
      }
      if (known != null) {
        verified.remove(token); // expired: verify again, which answers TOKEN_EXPIRED
      }
      tokens.verifyAccess(token).onComplete(ar -> {
        if (ar.succeeded()) { // verifyAccess refuses an ended session itself
          verified.put(token, ar.result());
          ctx.put(PRINCIPAL, ar.result());
          ctx.next();
        } else {
          ctx.fail(ar.cause());
        }
      });
    };
  }

  /** Lets a cached token's caller through, unless its session was ended since it was verified (signed out, revoked). */
  private void admit(RoutingContext ctx, Principal p) {
    if (tokens.sessionEnded(p)) {
      ctx.fail(TokenService.sessionEndedFailure());
      return;
    }
    ctx.put(PRINCIPAL, p);
    ctx.next();
  }

  /** The store's API key in {@code X-Api-Key}. */
  Handler<RoutingContext> apiKey() {
    return ctx -> {
      if (hasApiKey(ctx)) {
        ctx.next();
      } else {
        ctx.fail(new AuthFailure("UNAUTHORIZED", "missing or wrong X-Api-Key"));
      }
    };
  }

  /** Catalog reads: the public client sends the API key, the session client a bearer. */
  Handler<RoutingContext> apiKeyOrBearer() {
    Handler<RoutingContext> bearer = bearer();
    return ctx -> {
      if (hasApiKey(ctx)) {
        ctx.next();
      } else {
        bearer.handle(ctx);
      }
    };
  }

  static Principal principal(RoutingContext ctx) {
    return ctx.get(PRINCIPAL);
  }

  static String bearerToken(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = header.substring(7).trim();
    return token.isEmpty() ? null : token;
  }

  private boolean hasApiKey(RoutingContext ctx) {
    return matches(apiKey, ctx.request().getHeader("X-Api-Key"));
  }

  /** Constant-time comparison of a presented key with the expected one. */
  static boolean matches(byte[] expected, String presented) {
    return presented != null && MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8));
  }
}
