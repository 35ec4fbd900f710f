package dev.tender.http;

import static dev.tender.TestNode.await;
import static dev.tender.http.ErrorEnvelope.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tender.TestNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Password spraying: one client address trying one password on many accounts is stopped by the
 * per-address limit (here 10 credential attempts per window), with 429 and {@code Retry-After},
 * although no single account saw more than one wrong password.
 */
class SignInThrottleHttpTest {
  private static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.start(Map.of("TENDER_SIGN_IN_ATTEMPTS_PER_ADDRESS", "10", "TENDER_SIGN_IN_WINDOW_SECONDS", "600"));
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  private static HttpResponse<Buffer> signIn(String email) throws Exception {
    return await(node.request(HttpMethod.POST, "/auth/login/password")
        .sendJsonObject(new JsonObject().put("email", email).put("password", "Summer2026!")));
  }

  @Test
  void spraying_one_password_over_many_accounts_is_throttled_per_address() throws Exception {
    for (int i = 0; i < 10; i++) {
      assertError(signIn("victim-" + UUID.randomUUID() + "@example.com"), 401, "INVALID_CREDENTIALS");
    }
    HttpResponse<Buffer> stopped = signIn("victim-" + UUID.randomUUID() + "@example.com");
    assertError(stopped, 429, "TOO_MANY_ATTEMPTS");
    assertThat(Long.parseLong(stopped.getHeader("Retry-After"))).isBetween(1L, 600L);
    // OTP requests count against the same address: they are how codes are guessed too.
    HttpResponse<Buffer> otp = await(node.request(HttpMethod.POST, "/auth/login/email")
        .sendJsonObject(new JsonObject().put("email", "x@example.com")));
    assertError(otp, 429, "TOO_MANY_ATTEMPTS");
    // Browsing is not throttled.
    assertThat(node.call(HttpMethod.GET, "/catalog/products?limit=1", node.anonymousSession().getString("access_token"), null)
        .statusCode()).isEqualTo(200);
  }
}
