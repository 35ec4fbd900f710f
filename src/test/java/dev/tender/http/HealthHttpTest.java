package dev.tender.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Liveness and readiness over HTTP, on memory and PostgreSQL: every check of a serving node is UP and says what it saw. */
class HealthHttpTest {
  @Nested
  class Memory extends Contract {}

  @Nested
  class Pg extends Contract {}

  abstract class Contract extends NodeHttpContract {
    @Test
    void a_serving_node_is_live_and_ready_with_its_database_and_every_partition_of_every_kind() throws Exception {
      HttpResponse<Buffer> live = get("/health/live");
      assertThat(live.statusCode()).as(live.bodyAsString()).isEqualTo(200);
      assertThat(live.bodyAsJsonObject().getString("status")).isEqualTo("UP");

      HttpResponse<Buffer> ready = get("/health/ready");
      assertThat(ready.statusCode()).as(ready.bodyAsString()).isEqualTo(200);
      JsonObject body = ready.bodyAsJsonObject();
      assertThat(body.getString("status")).isEqualTo("UP");
      Map<String, JsonObject> checks = body.getJsonArray("checks").stream().map(o -> (JsonObject) o)
          .collect(Collectors.toMap(c -> c.getString("id"), c -> c));
      assertThat(checks.keySet()).containsExactlyInAnyOrder("draining", "database", "partitions");
      assertThat(checks.values()).allSatisfy(c -> assertThat(c.getString("status")).isEqualTo("UP"));
      assertThat(checks.get("database").getJsonObject("data").getString("store"))
          .isEqualTo(getClass().getSimpleName().toLowerCase());
      JsonObject partitions = checks.get("partitions").getJsonObject("data");
      assertThat(partitions.fieldNames()).contains("cart", "wallet", "promo", "order");
      for (String kind : partitions.fieldNames()) {
        JsonObject k = partitions.getJsonObject(kind);
        assertThat(k.getBoolean("member")).isTrue();
        assertThat(k.getInteger("missing")).as(kind).isZero();
        assertThat(k.getInteger("running")).as(kind).isEqualTo(16); // a node alone runs every partition (16 in tests)
      }
    }

    HttpResponse<Buffer> get(String path) throws Exception {
      return answered("GET " + path, node().http.request(HttpMethod.GET, node().port, "127.0.0.1", path).send());
    }
  }
}
