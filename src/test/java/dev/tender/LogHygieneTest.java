package dev.tender;

import static dev.tender.TestNode.await;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import dev.tender.logging.JsonLineEncoder;
import dev.tender.logging.Logs;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/**
 * No secret reaches the logs. A node with secrets of its own (JWT secret, API and admin keys, PayU salt, PIN
 * secret) runs, over real HTTP, the flows that carry secrets: an anonymous session and its refresh, a
 * registration with a password verified by its OTP, a wrong password, admin calls with the right and a wrong
 * X-Admin-Key, a gift card's PIN (wrong, then right), a PayU callback with a bad hash, and a body that is not
 * JSON. Everything logged meanwhile, at DEBUG for our classes, Vert.x and Netty, is captured as JSON lines:
 * none contains any secret used, and every line parses as JSON and names the node.
 */
class LogHygieneTest {
  @Test
  void no_secret_is_logged_and_every_json_line_names_the_node() throws Exception {
    String jwtSecret = "jwt-" + UUID.randomUUID() + UUID.randomUUID();
    String apiKey = "api-" + UUID.randomUUID();
    String adminKey = "admin-" + UUID.randomUUID();
    String payuKey = "pk" + UUID.randomUUID().toString().substring(0, 6);
    String payuSalt = "salt-" + UUID.randomUUID();
    String pinSecret = "pins-" + UUID.randomUUID();
    String password = "pw-" + UUID.randomUUID();
    String wrongPassword = "wrong-" + UUID.randomUUID();
    String wrongAdminKey = "not-admin-" + UUID.randomUUID();
    List<String> secrets = new ArrayList<>(List.of(jwtSecret, apiKey, adminKey, payuSalt, pinSecret, password, wrongPassword,
        wrongAdminKey));
    List<String> shortSecrets = new ArrayList<>(); // 6-digit codes: matched as whole tokens, not inside ids

    Capture capture = Capture.start();
    String nodeId;
    try (TestNode node = TestNode.start(Map.of("TENDER_JWT_SECRET", jwtSecret, "TENDER_API_KEY", apiKey, "TENDER_ADMIN_KEY", adminKey,
        "TENDER_PAYU_KEY", payuKey, "TENDER_PAYU_SALT", payuSalt, "TENDER_GIFT_CARD_PIN_SECRET", pinSecret))) {
      nodeId = node.node.nodeId();
      // An anonymous session, then its refresh.
      JsonObject anon = ok(await(node.request(HttpMethod.POST, "/auth/anonymous").putHeader("X-Api-Key", apiKey).send()));
      secrets.add(anon.getString("access_token"));
      secrets.add(anon.getString("refresh_token"));
      JsonObject refreshed = ok(post(node, "/auth/refresh-token", null, new JsonObject().put("refresh_token", anon.getString("refresh_token"))));
      secrets.add(refreshed.getString("access_token"));
      secrets.add(refreshed.getString("refresh_token"));
      String access = refreshed.getString("access_token");

      // Registration with a password, verified by the OTP the development profile echoes.
      String email = "log-" + UUID.randomUUID() + "@example.com";
      JsonObject sent = ok(post(node, "/auth/register/password", access, new JsonObject().put("email", email)
          .put("password", password).put("confirm_password", password)));
      shortSecrets.add(sent.getString("otp"));
      secrets.add(sent.getString("otp_token"));
      JsonObject verified = ok(post(node, "/auth/verify-otp", access, new JsonObject().put("otp", sent.getString("otp"))
          .put("otp_token", sent.getString("otp_token")).put("otp_action", "register")));
      secrets.add(verified.getString("access_token"));
      secrets.add(verified.getString("refresh_token"));
      access = verified.getString("access_token");

      // A wrong password, a right one, and a password in a body that is not JSON.
      assertThat(post(node, "/auth/login/password", null, new JsonObject().put("email", email).put("password", wrongPassword)).statusCode())
          .isEqualTo(401);
      JsonObject signedIn = ok(post(node, "/auth/login/password", null, new JsonObject().put("email", email).put("password", password)));
      secrets.add(signedIn.getString("access_token"));
      secrets.add(signedIn.getString("refresh_token"));
      HttpResponse<Buffer> notJson = await(node.request(HttpMethod.POST, "/auth/login/password").putHeader("Content-Type", "application/json")
          .sendBuffer(Buffer.buffer("{\"email\": \"" + email + "\", \"password\": \"" + password + "\"")));
      assertThat(notJson.statusCode()).isEqualTo(400);

      // Admin calls: a gift card with a PIN, the cluster view, and a wrong key.
      HttpResponse<Buffer> issued = await(node.http.request(HttpMethod.POST, node.port, "127.0.0.1", "/api/v1/test-store/admin/gift-cards")
          .putHeader("X-Admin-Key", adminKey).sendJsonObject(new JsonObject().put("amount", 500)));
      assertThat(issued.statusCode()).as(issued.bodyAsString()).isEqualTo(201);
      JsonObject card = issued.bodyAsJsonObject().getJsonObject("content").getJsonObject("gift_card");
      String number = card.getString("number");
      String pin = card.getString("pin");
      secrets.add(number);
      shortSecrets.add(pin);
      assertThat(await(node.http.request(HttpMethod.GET, node.port, "127.0.0.1", "/admin/cluster").putHeader("X-Admin-Key", adminKey).send())
          .statusCode()).isEqualTo(200);
      assertThat(await(node.http.request(HttpMethod.GET, node.port, "127.0.0.1", "/admin/cluster").putHeader("X-Admin-Key", wrongAdminKey)
          .send()).statusCode()).isEqualTo(401);

      // The gift card's PIN on a cart: a wrong one, then the right one.
      JsonObject cart = ok(post(node, "/carts", access, new JsonObject().put("items", new io.vertx.core.json.JsonArray()
          .add(new JsonObject().put("product_id", "p03").put("quantity", 1)))));
      String cartId = cart.getJsonObject("cart").getString("id");
      String wrongPin = pin.equals("000000") ? "111111" : "000000";
      assertThat(post(node, "/carts/" + cartId + "/gift-card", access, new JsonObject().put("gift_card_number", number).put("pin", wrongPin))
          .statusCode()).isGreaterThanOrEqualTo(400);
      ok(post(node, "/carts/" + cartId + "/gift-card", access, new JsonObject().put("gift_card_number", number).put("pin", pin)));

      // A PayU callback whose hash does not verify (the route logs that it refused it).
      MultiMap form = MultiMap.caseInsensitiveMultiMap().add("key", payuKey).add("txnid", "ORD-0000000000-1").add("amount", "10.00")
          .add("productinfo", "x").add("firstname", "x").add("email", email).add("status", "success").add("hash", "0".repeat(128));
      assertThat(await(node.http.post(node.port, "127.0.0.1", "/api/v1/test-store/payments/payu/callback").sendForm(form)).statusCode())
          .isEqualTo(400);
    } finally {
      capture.stop();
    }

    String text = capture.text();
    java.nio.file.Files.writeString(java.nio.file.Path.of("target", "log-hygiene.jsonl"), text); // to read when this fails
    List<String> lines = text.lines().toList();
    assertThat(lines).as("something was captured").isNotEmpty();
    assertThat(text).contains("runs alone").contains("hash does not verify");
    for (String secret : secrets) {
      assertThat(secret).isNotBlank();
      assertThat(text).as("a secret in the logs").doesNotContain(secret);
    }
    for (String code : shortSecrets) {
      assertThat(Pattern.compile("(?<![0-9A-Za-z])" + code + "(?![0-9A-Za-z])").matcher(text).find()).as("code " + code + " in the logs")
          .isFalse();
    }
    // Every line is one JSON object. From the node's first line on, every line names it, whichever thread
    // logged it; before it only libraries start up (Netty, the configuration's Vert.x), no node yet to name.
    boolean named = false;
    for (String line : lines) {
      JsonObject json = new JsonObject(line); // throws unless the line is one JSON object
      assertThat(json.fieldNames()).as(line).contains("timestamp", "level", "logger", "thread", "message");
      named |= nodeId.equals(json.getString("node"));
      if (named) {
        assertThat(json.getString("node")).as(line).isEqualTo(nodeId);
      } else {
        assertThat(json.getString("logger")).as(line).doesNotStartWith("dev.tender");
      }
    }
    assertThat(named).isTrue();
  }

  @Test
  void the_json_encoder_writes_one_flat_line_with_node_mdc_and_key_value_pairs() {
    LoggerContext context = new LoggerContext();
    context.putProperty(Logs.NODE, "node-1");
    JsonLineEncoder encoder = new JsonLineEncoder();
    encoder.setContext(context);
    encoder.start();
    Logger logger = context.getLogger("dev.tender.cluster.PartitionActor");
    LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.WARN, "loading {} failed \"quoted\"\nnext",
        new IllegalStateException("boom"), new Object[] {"k1"});
    event.addKeyValuePair(new KeyValuePair("kind", "cart"));
    event.addKeyValuePair(new KeyValuePair("partition", 7));
    event.addKeyValuePair(new KeyValuePair("request_id", "idem-1"));
    event.addKeyValuePair(new KeyValuePair("level", "shadowed")); // dropped: would shadow a field
    event.setMDCPropertyMap(Map.of("trace", "t-1"));
    String line = new String(encoder.encode(event), StandardCharsets.UTF_8);
    assertThat(line).endsWith("}\n");
    assertThat(line.strip()).doesNotContain("\n");
    JsonObject json = new JsonObject(line);
    assertThat(json.getString("timestamp")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    assertThat(json.getString("level")).isEqualTo("WARN");
    assertThat(json.getString("logger")).isEqualTo("dev.tender.cluster.PartitionActor");
    assertThat(json.getString("thread")).isNotBlank();
    assertThat(json.getString("message")).isEqualTo("loading k1 failed \"quoted\"\nnext");
    assertThat(json.getString("node")).isEqualTo("node-1");
    assertThat(json.getString("kind")).isEqualTo("cart");
    assertThat(json.getValue("partition")).isEqualTo(7);
    assertThat(json.getString("request_id")).isEqualTo("idem-1");
    assertThat(json.getString("trace")).isEqualTo("t-1");
    assertThat(json.getString("exception")).startsWith("java.lang.IllegalStateException: boom");
  }

  @Test
  void logback_xml_picks_the_appender_tender_log_format_names() throws Exception {
    for (String format : new String[] {null, "text", "json"}) {
      LoggerContext context = new LoggerContext();
      if (format != null) {
        context.putProperty(Logs.FORMAT_ENV, format);
      }
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(LogHygieneTest.class.getResource("/logback.xml"));
      Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
      Appender<ILoggingEvent> appender = root.getAppender("console");
      assertThat(appender).as(format).isInstanceOf(ConsoleAppender.class);
      assertThat(((ConsoleAppender<ILoggingEvent>) appender).getEncoder().getClass().getSimpleName())
          .isEqualTo("json".equals(format) ? "JsonLineEncoder" : "PatternLayoutEncoder");
      // Nothing to report: a warning or an error while configuring would make Logback print its status at start-up.
      assertThat(context.getStatusManager().getCopyOfStatusList()).allSatisfy(st -> assertThat(st.getLevel()).as(st.toString())
          .isEqualTo(ch.qos.logback.core.status.Status.INFO));
      assertThat(root.getLevel()).isEqualTo(Level.WARN);
      assertThat(context.getLogger("dev.tender").getLevel()).isEqualTo(Level.INFO);
      assertThat(context.getLogger("com.hazelcast").getLevel()).isEqualTo(Level.WARN);
      assertThat(context.getLogger("io.netty").getLevel()).isEqualTo(Level.WARN);
      assertThat(context.getLogger("io.vertx").getLevel()).isEqualTo(Level.WARN);
      context.stop();
    }
    assertThat(Logs.formatProblem(Map.of("TENDER_LOG_FORMAT", "JSON"))).contains("text or json");
    assertThat(Logs.formatProblem(Map.of())).isNull();
  }

  @Test
  void digit_runs_and_database_passwords_are_masked() {
    assertThat(Logs.maskDigits("gift-card:1234567812345678")).isEqualTo("gift-card:************5678");
    assertThat(Logs.maskDigits("login:+919876543210")).isEqualTo("login:+********3210");
    assertThat(Logs.maskDigits("ORD-01J9ZX4Q7B partition 12")).isEqualTo("ORD-01J9ZX4Q7B partition 12");
    assertThat(Node.redact("postgresql://tender:s3cr@t/pw@db.example:5432/tender")).isEqualTo("postgresql://tender:***@db.example:5432/tender");
    assertThat(Node.redact("postgresql://db:5432/tender?user=u&password=hunter2&ssl=true"))
        .isEqualTo("postgresql://db:5432/tender?user=u&password=***&ssl=true");
    assertThat(Node.redact("postgresql://tender@db:5432/tender")).isEqualTo("postgresql://tender@db:5432/tender");
    assertThat(Node.redact("postgresql://db:5432/tender")).isEqualTo("postgresql://db:5432/tender");
  }

  private static HttpResponse<Buffer> post(TestNode node, String path, String bearer, JsonObject body) throws Exception {
    HttpRequest<Buffer> req = node.request(HttpMethod.POST, path).putHeader("x-debug-mode", "true");
    if (bearer != null) {
      req.putHeader("Authorization", "Bearer " + bearer);
    }
    return await(req.sendJsonObject(body));
  }

  private static JsonObject ok(HttpResponse<Buffer> r) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject().getJsonObject("content");
  }

  /**
   * Every event of the process as JSON lines, into memory, with DEBUG on for our classes, Vert.x and
   * Netty; the console appenders are detached meanwhile (so the DEBUG lines do not flood the test output).
   */
  private static final class Capture {
    private static final String[] LOGGERS = {org.slf4j.Logger.ROOT_LOGGER_NAME, "dev.tender", "io.vertx", "io.netty"};
    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    private final Map<String, Level> levels = new HashMap<>();
    private final Map<String, Appender<ILoggingEvent>> consoles = new LinkedHashMap<>();

    static Capture start() {
      Capture c = new Capture();
      JsonLineEncoder encoder = new JsonLineEncoder();
      encoder.setContext(c.context);
      encoder.start();
      c.appender.setName("log-hygiene-capture");
      c.appender.setContext(c.context);
      c.appender.setEncoder(encoder);
      c.appender.setOutputStream(c.out);
      c.appender.start();
      Logger root = c.context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
      root.iteratorForAppenders().forEachRemaining(a -> c.consoles.put(a.getName(), a));
      c.consoles.keySet().forEach(root::detachAppender);
      root.addAppender(c.appender);
      for (String name : LOGGERS) {
        Logger l = c.context.getLogger(name);
        c.levels.put(name, l.getLevel());
        l.setLevel(Level.DEBUG);
      }
      return c;
    }

    void stop() {
      Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
      levels.forEach((name, level) -> context.getLogger(name).setLevel(level));
      root.detachAppender(appender);
      consoles.values().forEach(root::addAppender);
      appender.stop();
    }

    String text() {
      synchronized (out) {
        return out.toString(StandardCharsets.UTF_8);
      }
    }
  }
}
