package dev.tender.http;

import com.github.f4b6a3.ulid.UlidCreator;
import dev.tender.cluster.Request;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The idempotency identity of a mutating request: the client's {@code Idempotency-Key} (1-255
 * printable characters) when it sends one, else a key the server mints; scoped to the user. A
 * client's key carries a fingerprint (SHA-256 of method, path and body), so the same key with another
 * request is refused (422) rather than answered with the first one's outcome.
 */
final class Idempotency {
  static final String HEADER = "Idempotency-Key";
  /** Whose keys operators' requests are recorded under. */
  static final String ADMIN_SCOPE = "admin";
  private static final int MAX_KEY_LENGTH = 255;
  /** Server keys: this process's random prefix and a counter (a ULID per request costs a SecureRandom draw). */
  private static final String SERVER_PREFIX = Request.MINTED_PREFIX + UlidCreator.getUlid() + "-";
  private static final java.util.concurrent.atomic.AtomicLong SERVER_COUNTER = new java.util.concurrent.atomic.AtomicLong();

  private Idempotency() {}

  /** A request under a fresh key of the server's, whatever the client sent (for a step of a bigger request). */
  static <C> Request<C> minted(C command, String scope) {
    return new Request<>(command, scope, SERVER_PREFIX + SERVER_COUNTER.incrementAndGet(), null, false);
  }

  static <C> Request<C> request(RoutingContext ctx, C command, String scope) {
    String key = ctx.request().getHeader(HEADER);
    if (key == null) {
      return minted(command, scope); // fresh, so the owner need not look for an earlier outcome; "~" marks it as the server's
    }
    if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !printable(key)) {
      throw ApiError.invalidField(HEADER, "must be 1 to " + MAX_KEY_LENGTH + " printable ASCII characters");
    }
    return new Request<>(command, scope, key, fingerprint(ctx), true);
  }

  private static boolean printable(String key) {
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  private static byte[] fingerprint(RoutingContext ctx) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(ctx.request().method().name().getBytes(StandardCharsets.UTF_8));
      sha.update((byte) ' ');
      sha.update(ctx.request().uri().getBytes(StandardCharsets.UTF_8));
      sha.update((byte) '\n');
      if (ctx.body() != null && ctx.body().buffer() != null) {
        sha.update(ctx.body().buffer().getBytes());
      }
      return sha.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
