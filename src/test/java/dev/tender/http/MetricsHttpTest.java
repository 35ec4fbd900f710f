package dev.tender.http;

import static dev.tender.TestNode.await;
import static dev.tender.http.ErrorEnvelope.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tender.TestNode;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /metrics}: Prometheus text behind the admin key, with Vert.x's HTTP meters labelled by route and
 * our own (commands, partitions, replays, refused callbacks); and no such path when metrics are off.
 */
class MetricsHttpTest {
  private static final String ADMIN_KEY = "test-admin-key";
  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)$");

  /** One sample of the exposition: name, its labels as written ({@code a="x",b="y"}), value. */
  record Sample(String name, String labels, double value) {
    boolean has(String label, String value) {
      return labels.contains(label + "=\"" + value + "\"");
    }
  }

  @Test
  void metrics_are_prometheus_text_behind_the_admin_key_with_http_routes_and_our_meters() throws Exception {
    try (TestNode node = TestNode.start(Map.of("TENDER_STORE", "memory"))) {
      String token = node.anonymousSession().getString("access_token");
      JsonObject item = new JsonObject().put("product_id", "p03").put("quantity", 1);
      HttpResponse<Buffer> created = node.call(HttpMethod.POST, "/carts", token,
          new JsonObject().put("items", new JsonArray().add(item)));
      assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(200);
      String cartId = created.bodyAsJsonObject().getJsonObject("content").getJsonObject("cart").getString("id");
      // The same client key twice: the second is answered from the record (an idempotent replay).
      for (int i = 0; i < 2; i++) {
        HttpResponse<Buffer> added = await(node.request(HttpMethod.POST, "/carts/" + cartId + "/items")
            .putHeader("Authorization", "Bearer " + token).putHeader("Idempotency-Key", "metrics-test-add")
            .sendJsonObject(new JsonObject().put("product_id", "p06").put("quantity", 2)));
        assertThat(added.statusCode()).as(added.bodyAsString()).isEqualTo(200);
      }
      // A PayU callback for no order of ours is refused as INVALID_CALLBACK.
      HttpResponse<Buffer> callback = await(node.http.post(node.port, "127.0.0.1", "/api/v1/test-store/payments/payu/callback")
          .sendForm(MultiMap.caseInsensitiveMultiMap().add("txnid", "nonsense").add("status", "success")));
      assertError(callback, 400, "INVALID_CALLBACK");

      HttpResponse<Buffer> scraped = await(node.http.get(node.port, "127.0.0.1", "/metrics").putHeader("X-Admin-Key", ADMIN_KEY).send());
      assertThat(scraped.statusCode()).isEqualTo(200);
      assertThat(scraped.getHeader("Content-Type")).startsWith("text/plain");
      List<Sample> samples = parse(scraped.bodyAsString());

      // Vert.x's HTTP server meters, labelled by route (the router's path), with a latency histogram.
      String cartsRoute = node.base + "/carts";
      assertThat(samples).anySatisfy(s -> {
        assertThat(s.name()).isEqualTo("vertx_http_server_requests_total");
        assertThat(s.has("route", cartsRoute)).as(s.labels()).isTrue();
        assertThat(s.has("method", "POST") && s.has("code", "200")).as(s.labels()).isTrue();
        assertThat(s.value()).isGreaterThanOrEqualTo(1);
      });
      assertThat(samples).anySatisfy(s -> {
        assertThat(s.name()).isEqualTo("vertx_http_server_response_time_seconds_bucket");
        assertThat(s.has("route", cartsRoute)).isTrue();
      });
      // Ours: commands by kind, partitions this node runs (16 of each kind alone), replays, refused callbacks.
      assertThat(value(samples, "tender_commands_total", "kind", "cart", "type", "mutating")).isGreaterThanOrEqualTo(2);
      assertThat(value(samples, "tender_partitions_owned", "kind", "cart")).isEqualTo(16);
      assertThat(value(samples, "tender_partition_ownership_changes_total", "kind", "cart", "change", "gained")).isEqualTo(16);
      assertThat(value(samples, "tender_idempotent_replays_total", "kind", "cart")).isGreaterThanOrEqualTo(1);
      assertThat(value(samples, "tender_payu_callbacks_rejected_total")).isEqualTo(1);
      assertThat(value(samples, "tender_partition_flush_units_count", "kind", "cart")).isGreaterThanOrEqualTo(1);
      assertThat(samples).anyMatch(s -> s.name().equals("tender_orders_placed_total"));
      assertThat(samples).anyMatch(s -> s.name().equals("tender_outbox_pending") && s.has("kind", "order"));
      assertThat(samples).anyMatch(s -> s.name().startsWith("vertx_eventbus_"));

      // Without the key, or with the storefront key: 401 in the API's error shape.
      assertError(await(node.http.get(node.port, "127.0.0.1", "/metrics").send()), 401, "UNAUTHORIZED");
      assertError(await(node.http.get(node.port, "127.0.0.1", "/metrics").putHeader("X-Admin-Key", TestNode.API_KEY).send()),
          401, "UNAUTHORIZED");
    }
  }

  @Test
  void with_metrics_off_there_is_no_metrics_path() throws Exception {
    try (TestNode node = TestNode.start(Map.of("TENDER_STORE", "memory", "TENDER_METRICS_ENABLED", "false"))) {
      assertThat(node.node.metrics().enabled()).isFalse();
      node.anonymousSession(); // the node serves as usual
      assertError(await(node.http.get(node.port, "127.0.0.1", "/metrics").putHeader("X-Admin-Key", ADMIN_KEY).send()),
          404, "NOT_FOUND");
    }
  }

  private static List<Sample> parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      assertThat(m.matches()).as("not a Prometheus sample: " + line).isTrue();
      samples.add(new Sample(m.group(1), m.group(3) == null ? "" : m.group(3), Double.parseDouble(m.group(4))));
    }
    return samples;
  }

  /** The value of the one sample with this name and these labels (pairs of name, value). */
  private static double value(List<Sample> samples, String name, String... labels) {
    List<Sample> found = samples.stream().filter(s -> {
      if (!s.name().equals(name)) {
        return false;
      }
      for (int i = 0; i < labels.length; i += 2) {
        if (!s.has(labels[i], labels[i + 1])) {
          return false;
        }
      }
      return true;
    }).toList();
    assertThat(found).as(name + " " + List.of(labels)).hasSize(1);
    return found.get(0).value();
  }
}
