package dev.tender.http;

import static dev.tender.TestNode.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tender.TestNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The graceful exit a SIGTERM starts: readiness answers 503 at once while the node still serves
 * requests for the drain grace, then the node closes.
 */
class DrainHttpTest {
  @Test
  void a_draining_node_says_not_ready_but_keeps_serving_until_the_grace_is_over() throws Exception {
    TestNode node = TestNode.start(Map.of("TENDER_DRAIN_GRACE_MS", "2000"));
    Vertx client = Vertx.vertx();
    try {
      WebClient http = WebClient.create(client);
      Future<Void> closed = node.node.drainAndClose();
      HttpResponse<Buffer> ready = await(http.get(node.port, "127.0.0.1", "/health/ready").send());
      assertThat(ready.statusCode()).isEqualTo(503);
      JsonObject draining = ready.bodyAsJsonObject().getJsonArray("checks").stream().map(o -> (JsonObject) o)
          .filter(c -> c.getString("id").equals("draining")).findFirst().orElseThrow();
      assertThat(draining.getString("status")).isEqualTo("DOWN");
      assertThat(await(http.get(node.port, "127.0.0.1", "/health/live").send()).statusCode()).isEqualTo(200);
      HttpResponse<Buffer> served = await(http.request(HttpMethod.POST, node.port, "127.0.0.1", node.base + "/auth/anonymous")
          .putHeader("X-Api-Key", TestNode.API_KEY).send());
      assertThat(served.statusCode()).as("requests are still served while draining").isEqualTo(200);
      assertThat(closed.isComplete()).isFalse();
      await(closed);
      assertThatThrownBy(() -> await(http.get(node.port, "127.0.0.1", "/health/live").send()))
          .as("after the grace the node has closed").isNotNull();
    } finally {
      await(client.close());
    }
  }
}
