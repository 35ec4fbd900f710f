package dev.tender.cluster;

import static dev.tender.TestNode.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tender.store.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Chaos test: three node processes ({@code target/tender.jar --cluster}) on loopback over one
 * PostgreSQL, a mixed cart load through all three, and faults: SIGKILL one node and restart it later,
 * SIGSTOP another past the failure-detection timeout and resume it. Then it checks, from PostgreSQL
 * and through the API of every node:
 * <ul>
 *   <li>every acknowledged quantity change is what the cart shows, unless a later change to the same
 *       line was attempted (a failed request may or may not have been applied: it is "in doubt");</li>
 *   <li>no write of a stale owner was accepted: each shopper's versions are contiguous and were written
 *       under non-decreasing ownership epochs (an audit trigger records every version);</li>
 *   <li>every cart reads the same from every node and matches its row in PostgreSQL;</li>
 *   <li>every ping/pong exchange started during the load (a durable timer, then a command through the
 *       outbox of each side) finished exactly once: one ping counted, one pong recorded, whichever node
 *       was killed or paused between its steps.</li>
 * </ul>
 * It prints operations attempted/acknowledged/failed, the faults, the longest error window after each
 * fault and the violations found, which must be 0. Bounded: about two minutes.
 */
class ClusterChaosIT {
  private static final int PARTITIONS = 64;
  private static final int SHOPPERS = 48;
  private static final int WORKERS = 12;
  private static final long LOAD_MS = 62_000;
  private static final String[] PRODUCTS = {"p03", "p06", "p08"};

  private final List<NodeProcess> nodes = new ArrayList<>();
  private Vertx vertx;
  private Pool pool;

  /** One node as a child process. */
  private static final class NodeProcess {
    final int port;
    final Map<String, String> env;
    final File log;
    Process process;

    NodeProcess(int port, Map<String, String> env, File log) {
      this.port = port;
      this.env = env;
      this.log = log;
    }

    void start() throws Exception {
      String java = ProcessHandle.current().info().command().orElse("java");
      // The test classes on the class path add the ping and pong kinds (timers and outbox) to each node.
      ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m", "-cp", "target/tender.jar" + File.pathSeparator + "target/test-classes",
          "dev.tender.Main", "--cluster")
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log));
      pb.environment().putAll(env);
      process = pb.start();
    }

    void signal(String sig) throws Exception {
      new ProcessBuilder("kill", "-" + sig, String.valueOf(process.pid())).inheritIO().start().waitFor();
    }
  }

  /** One quantity change, as the client saw it. */
  private record Change(String product, int quantity, boolean acknowledged) {}

  /** A client-side view of one shopper; only its worker touches it. */
  private static final class Shopper {
    final String token;
    final String userId;
    String cartId;
    final List<Change> changes = new ArrayList<>();

    Shopper(String token, String userId) {
      this.token = token;
      this.userId = userId;
    }
  }

  private record Op(int node, long startMs, long endMs, boolean ok, String outcome) {}

  @AfterEach
  void tearDown() throws Exception {
    for (NodeProcess n : nodes) {
      if (n.process != null) {
        n.signal("CONT");
        n.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    if (vertx != null) {
      await(vertx.close());
    }
  }

  @Test
  void acknowledged_writes_survive_kills_and_pauses_and_stale_owners_never_write() throws Exception {
    TestDatabase.requireMigrated();
    vertx = Vertx.vertx();
    pool = PgBuilder.pool().connectingTo(TestDatabase.URL).using(vertx).build();
    installAudit();
    WebClient http = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(2_000).setIdleTimeout(0));
    Path logs = Files.createDirectories(Path.of("target", "chaos"));
    try (var old = Files.list(logs)) { // node logs are appended across restarts within a run, not across runs
      for (Path p : old.toList()) {
        Files.delete(p);
      }
    }
    startNodes(logs, "chaos-" + UUID.randomUUID());
    try {
      awaitStable(http, 3, 60_000);
    } catch (AssertionError e) {
      // Seen once on CI: three members started at the same instant did not form one cluster. That is a
      // start-up condition, not what this test is about; say so loudly, keep the logs, and start afresh once.
      System.out.println("chaos: the first start did not form one cluster; starting afresh");
      for (NodeProcess n : nodes) {
        n.process.destroyForcibly().waitFor();
        Files.move(n.log.toPath(), n.log.toPath().resolveSibling("first-start-" + n.log.getName()), StandardCopyOption.REPLACE_EXISTING);
      }
      nodes.clear();
      startNodes(logs, "chaos-" + UUID.randomUUID());
      awaitStable(http, 3, 90_000);
    }
    System.out.println("chaos: 3 nodes up on ports " + nodes.stream().map(n -> n.port).toList());

    // Shoppers, each with a cart, created through the nodes in turn.
    List<Shopper> shoppers = new ArrayList<>();
    for (int i = 0; i < SHOPPERS; i++) {
      NodeProcess n = nodes.get(i % 3);
      JsonObject session = send(http, n, HttpMethod.POST, "/auth/anonymous", null, null).bodyAsJsonObject().getJsonObject("content");
      Shopper s = new Shopper(session.getString("access_token"), session.getJsonObject("user").getString("id"));
      HttpResponse<Buffer> created = send(http, nodes.get((i + 1) % 3), HttpMethod.POST, "/carts", s.token,
          new JsonObject().put("items", new JsonArray().add(new JsonObject().put("product_id", "p03").put("variant_id", null).put("quantity", 1))));
      assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(200);
      s.cartId = created.bodyAsJsonObject().getJsonObject("content").getJsonObject("cart").getString("id");
      s.changes.add(new Change("p03", 1, true));
      shoppers.add(s);
    }

    // Load: WORKERS loops, each over its own shoppers, sequential per shopper, through random nodes.
    List<Op> ops = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicLong attempted = new AtomicLong();
    long start = System.currentTimeMillis();
    long end = start + LOAD_MS;
    List<Future<Void>> workers = new ArrayList<>();
    for (int w = 0; w < WORKERS; w++) {
      List<Shopper> mine = new ArrayList<>();
      for (int i = w; i < shoppers.size(); i += WORKERS) {
        mine.add(shoppers.get(i));
      }
      workers.add(worker(http, mine, new Random(w), end, ops, attempted));
    }

    // Exchanges between the ping and pong kinds, started through random nodes; each waits on a timer first.
    List<String[]> exchanges = java.util.Collections.synchronizedList(new ArrayList<>());
    Future<Void> exchanger = startExchanges(http, new Random(99), end, exchanges);

    // Faults.
    List<String> faults = new ArrayList<>();
    List<Long> faultTimes = new ArrayList<>();
    int[] faultedNode = {2, 2, 1, 1};
    sleepUntil(start + 10_000);
    nodes.get(2).process.destroyForcibly();
    faultTimes.add(System.currentTimeMillis());
    faults.add("SIGKILL node 2 at +" + (faultTimes.get(0) - start) / 1000 + " s");
    sleepUntil(start + 24_000);
    nodes.get(2).start();
    faultTimes.add(System.currentTimeMillis());
    faults.add("restart node 2 at +" + (faultTimes.get(1) - start) / 1000 + " s");
    sleepUntil(start + 38_000);
    nodes.get(1).signal("STOP");
    faultTimes.add(System.currentTimeMillis());
    faults.add("SIGSTOP node 1 at +" + (faultTimes.get(2) - start) / 1000 + " s");
    sleepUntil(start + 47_000); // past the 5 s failure detection of cluster.xml
    nodes.get(1).signal("CONT");
    faultTimes.add(System.currentTimeMillis());
    faults.add("SIGCONT node 1 at +" + (faultTimes.get(3) - start) / 1000 + " s");

    sleepUntil(end);
    await(Future.join(workers)); // the last requests finish within their 10 s timeout
    await(exchanger);
    long loadEnd = System.currentTimeMillis();
    awaitStable(http, 3, 60_000);
    System.out.println("chaos: cluster settled " + (System.currentTimeMillis() - loadEnd) + " ms after the load");

    // Checks.
    List<String> violations = new ArrayList<>();
    Map<String, Map<String, Integer>> rows = new HashMap<>();
    for (Row r : await(pool.query("SELECT user_id, product_id, quantity FROM cart_lines").execute())) {
      rows.computeIfAbsent(r.getString(0), k -> new HashMap<>()).put(r.getString(1), r.getInteger(2));
    }
    for (Shopper s : shoppers) {
      Map<String, Integer> inStore = rows.getOrDefault(s.userId, Map.of());
      checkRegister(s, inStore, violations);
      for (NodeProcess n : nodes) {
        HttpResponse<Buffer> r = readEventually(http, n, s);
        if (r == null || r.statusCode() != 200) {
          violations.add("shopper " + s.userId + ": cart unreadable on port " + n.port + ": "
              + (r == null ? "no answer" : r.statusCode() + " " + r.bodyAsString()));
          continue;
        }
        Map<String, Integer> seen = lines(r.bodyAsJsonObject().getJsonObject("content").getJsonObject("cart"), "cart_items");
        if (!seen.equals(inStore)) {
          violations.add("shopper " + s.userId + ": node on port " + n.port + " shows " + seen + ", PostgreSQL has " + inStore);
        }
      }
    }
    checkAudit(shoppers, violations);
    long[] exchangeCounts = checkExchanges(http, exchanges, violations);

    long acknowledged = ops.stream().filter(Op::ok).count();
    System.out.println("==== chaos test ====");
    System.out.printf("operations attempted %d, acknowledged %d, failed %d (%.0f s of load, %d shoppers)%n",
        attempted.get(), acknowledged, ops.size() - acknowledged, (loadEnd - start) / 1000.0, SHOPPERS);
    // The error window of a fault: how long requests through the *other* nodes kept failing (requests to
    // the faulted node's own port fail for as long as it is down, which says nothing about failover).
    for (int i = 0; i < faults.size(); i++) {
      long from = faultTimes.get(i);
      long to = i + 1 < faultTimes.size() ? faultTimes.get(i + 1) : loadEnd;
      int faulted = faultedNode[i];
      List<Op> failedElsewhere = ops.stream()
          .filter(o -> !o.ok() && o.node() != faulted && o.endMs() >= from && o.endMs() < to).toList();
      long lastFailure = failedElsewhere.stream().mapToLong(Op::endMs).max().orElse(from);
      long toFaulted = ops.stream().filter(o -> !o.ok() && o.node() == faulted && o.endMs() >= from && o.endMs() < to).count();
      long stall = ops.stream().filter(o -> o.ok() && o.node() != faulted && o.endMs() >= from && o.endMs() < to)
          .mapToLong(o -> o.endMs() - o.startMs()).max().orElse(0);
      System.out.printf("fault: %-26s through the other nodes: %4d failed, errors ended %5.1f s after it, slowest success %5.1f s;"
          + " through the faulted node: %5d failed%n", faults.get(i), failedElsewhere.size(), (lastFailure - from) / 1000.0,
          stall / 1000.0, toFaulted);
    }
    Map<String, Long> outcomes = new java.util.TreeMap<>();
    ops.forEach(o -> outcomes.merge(o.outcome(), 1L, Long::sum));
    System.out.println("outcomes: " + outcomes);
    long slowest = ops.stream().filter(Op::ok).mapToLong(o -> o.endMs() - o.startMs()).max().orElse(0);
    System.out.println("slowest acknowledged operation: " + slowest + " ms");
    System.out.printf("exchanges started %d, acknowledged %d, finished exactly once %d%n", exchangeCounts[0], exchangeCounts[1],
        exchangeCounts[2]);
    System.out.println("partitions found superseded by a newer owner (node logs): " + countInLogs("superseded"));
    System.out.println("invariant violations: " + violations.size());
    violations.stream().limit(20).forEach(v -> System.out.println("  " + v));
    assertThat(violations).isEmpty();
    assertThat(acknowledged).isGreaterThan(SHOPPERS);
    assertThat(exchangeCounts[1]).isGreaterThan(20);
  }

  /** Starts an exchange every 150 ms through a random node, with a timer of up to 3 s; records {id, "ok"|"doubt"}. */
  private Future<Void> startExchanges(WebClient http, Random random, long end, List<String[]> started) {
    Promise<Void> done = Promise.promise();
    vertx.setPeriodic(150, id -> {
      if (System.currentTimeMillis() >= end) {
        vertx.cancelTimer(id);
        done.tryComplete();
        return;
      }
      String exchange = "x-" + UUID.randomUUID();
      NodeProcess n = nodes.get(random.nextInt(3));
      String[] record = {exchange, "doubt"};
      started.add(record);
      http.post(n.port, "127.0.0.1", "/admin/exchanges/" + exchange + "?delay_ms=" + random.nextInt(3_000))
          .putHeader("X-Admin-Key", "test-admin-key").timeout(10_000).send()
          .onSuccess(r -> record[1] = r.statusCode() == 200 ? "ok" : "doubt");
    });
    return done.future();
  }

  /**
   * Waits (up to 60 s) for the acknowledged exchanges to finish, then checks each: finished exactly once
   * (ping DONE with one pong, pong counted one ping), or, for one whose start was not acknowledged, never
   * started at all. Returns {started, acknowledged, finished}.
   */
  private long[] checkExchanges(WebClient http, List<String[]> started, List<String> violations) throws Exception {
    long deadline = System.currentTimeMillis() + 60_000;
    Map<String, JsonObject> seen = new HashMap<>();
    List<String[]> all = new ArrayList<>(started);
    for (String[] e : all) {
      JsonObject state = null;
      while (true) {
        try {
          HttpResponse<Buffer> r = await(http.get(nodes.get(0).port, "127.0.0.1", "/admin/exchanges/" + e[0])
              .putHeader("X-Admin-Key", "test-admin-key").timeout(5_000).send());
          state = r.statusCode() == 200 ? r.bodyAsJsonObject() : null;
        } catch (Exception ignored) {
          state = null;
        }
        boolean settled = state != null && (state.getJsonObject("ping").getString("status").equals("DONE")
            || (!e[1].equals("ok") && state.getJsonObject("ping").getString("status").equals("NEW")));
        if (settled || System.currentTimeMillis() > deadline) {
          break;
        }
        Thread.sleep(100);
      }
      seen.put(e[0], state);
    }
    long finished = 0;
    for (String[] e : all) {
      JsonObject state = seen.get(e[0]);
      if (state == null) {
        violations.add("exchange " + e[0] + ": unreadable");
        continue;
      }
      JsonObject ping = state.getJsonObject("ping");
      JsonObject pong = state.getJsonObject("pong");
      boolean once = ping.getString("status").equals("DONE") && ping.getInteger("count") == 1 && pong.getInteger("count") == 1;
      boolean never = ping.getString("status").equals("NEW") && pong.getInteger("count") == 0;
      if (once) {
        finished++;
      } else if (!(never && !e[1].equals("ok"))) {
        violations.add("exchange " + e[0] + " (" + e[1] + "): " + state.encode());
      }
    }
    long acknowledged = all.stream().filter(e -> e[1].equals("ok")).count();
    return new long[] {all.size(), acknowledged, finished};
  }

  /** The cart's final quantity of each product must be its last acknowledged one or a later in-doubt one. */
  private static void checkRegister(Shopper s, Map<String, Integer> actual, List<String> violations) {
    for (String product : PRODUCTS) {
      Set<Integer> allowed = new HashSet<>();
      allowed.add(0); // never set: absent
      for (Change c : s.changes) {
        if (!c.product().equals(product)) {
          continue;
        }
        if (c.acknowledged()) {
          allowed.clear();
        }
        allowed.add(c.quantity());
      }
      int got = actual.getOrDefault(product, 0);
      if (!allowed.contains(got)) {
        violations.add("shopper " + s.userId + " " + product + ": quantity " + got + " but only " + allowed + " are possible");
      }
    }
  }

  /** Versions of each shopper contiguous, epochs never going back: no stale owner wrote after a newer one. */
  private void checkAudit(List<Shopper> shoppers, List<String> violations) throws Exception {
    Map<String, List<long[]>> history = new HashMap<>();
    for (Row r : await(pool.query("SELECT user_id, version, written_epoch FROM chaos_audit ORDER BY user_id, version, seq").execute())) {
      history.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(new long[] {r.getLong(1), r.getLong(2)});
    }
    for (Shopper s : shoppers) {
      List<long[]> h = history.getOrDefault(s.userId, List.of());
      for (int i = 1; i < h.size(); i++) {
        if (h.get(i)[0] != h.get(i - 1)[0] + 1) {
          violations.add("shopper " + s.userId + ": version " + h.get(i - 1)[0] + " followed by " + h.get(i)[0]);
        }
        if (h.get(i)[1] < h.get(i - 1)[1]) {
          violations.add("shopper " + s.userId + ": version " + h.get(i)[0] + " written under epoch " + h.get(i)[1]
              + " after epoch " + h.get(i - 1)[1] + " (a stale owner's write)");
        }
      }
    }
  }

  private void installAudit() throws Exception {
    await(pool.query("""
        CREATE TABLE IF NOT EXISTS chaos_audit (seq bigserial PRIMARY KEY, user_id text, version bigint, written_epoch bigint);
        TRUNCATE chaos_audit;
        CREATE OR REPLACE FUNCTION chaos_audit_row() RETURNS trigger AS $$
        BEGIN
          INSERT INTO chaos_audit (user_id, version, written_epoch) VALUES (NEW.user_id, NEW.version, NEW.written_epoch);
          RETURN NEW;
        END $$ LANGUAGE plpgsql;
        DROP TRIGGER IF EXISTS chaos_audit ON shoppers;
        CREATE TRIGGER chaos_audit AFTER INSERT OR UPDATE ON shoppers FOR EACH ROW EXECUTE FUNCTION chaos_audit_row();
        """).execute());
  }

  private Future<Void> worker(WebClient http, List<Shopper> mine, Random random, long end, List<Op> ops, AtomicLong attempted) {
    Promise<Void> done = Promise.promise();
    step(http, mine, random, end, ops, attempted, done);
    return done.future();
  }

  private void step(WebClient http, List<Shopper> mine, Random random, long end, List<Op> ops, AtomicLong attempted, Promise<Void> done) {
    if (System.currentTimeMillis() >= end) {
      done.complete();
      return;
    }
    Shopper s = mine.get(random.nextInt(mine.size()));
    int nodeIndex = random.nextInt(3);
    NodeProcess n = nodes.get(nodeIndex);
    int dice = random.nextInt(10);
    long t0 = System.currentTimeMillis();
    attempted.incrementAndGet();
    Future<HttpResponse<Buffer>> call;
    Change change = null;
    if (dice < 7) {
      String product = PRODUCTS[random.nextInt(PRODUCTS.length)];
      int q = random.nextInt(6);
      change = new Change(product, q, false);
      call = request(http, n, HttpMethod.POST, "/carts/" + s.cartId + "/items", s.token,
          new JsonObject().put("product_id", product).put("variant_id", null).put("quantity", q));
    } else if (dice < 9) {
      call = request(http, n, HttpMethod.GET, "/carts/" + s.cartId, s.token, null);
    } else {
      call = request(http, n, HttpMethod.POST, "/wishlist/" + s.userId, s.token, new JsonObject().put("product_id", "p02").put("variant_id", null));
    }
    Change attemptedChange = change;
    call.onComplete(ar -> {
      boolean ok = ar.succeeded() && ar.result().statusCode() == 200;
      String outcome = ar.failed() ? ar.cause().getClass().getSimpleName() : String.valueOf(ar.result().statusCode());
      ops.add(new Op(nodeIndex, t0, System.currentTimeMillis(), ok, outcome));
      if (attemptedChange != null) {
        s.changes.add(new Change(attemptedChange.product(), attemptedChange.quantity(), ok));
      }
      step(http, mine, random, end, ops, attempted, done);
    });
  }

  private static Future<HttpResponse<Buffer>> request(WebClient http, NodeProcess n, HttpMethod method, String path, String token, JsonObject body) {
    HttpRequest<Buffer> req = http.request(method, n.port, "127.0.0.1", "/api/v1/test-store/storefront" + path).timeout(10_000);
    if (token != null) {
      req.putHeader("Authorization", "Bearer " + token);
    } else {
      req.putHeader("X-Api-Key", "test-api-key");
    }
    return body == null ? req.send() : req.sendJsonObject(body);
  }

  private static HttpResponse<Buffer> send(WebClient http, NodeProcess n, HttpMethod method, String path, String token, JsonObject body)
      throws Exception {
    return await(request(http, n, method, path, token, body));
  }

  /**
   * Reads a cart, retrying for up to 20 s: a member that was merged back after its pause restarts its
   * node, and may do so while the checks run. Readable means readable once the cluster has settled.
   */
  private static HttpResponse<Buffer> readEventually(WebClient http, NodeProcess n, Shopper s) throws Exception {
    long deadline = System.currentTimeMillis() + 20_000;
    HttpResponse<Buffer> last = null;
    while (System.currentTimeMillis() < deadline) {
      try {
        last = send(http, n, HttpMethod.GET, "/carts/" + s.cartId, s.token, null);
        if (last.statusCode() == 200) {
          return last;
        }
      } catch (Exception e) {
        last = null; // connection refused while the node restarts
      }
      Thread.sleep(250);
    }
    return last;
  }

  private static Map<String, Integer> lines(JsonObject cart, String field) {
    Map<String, Integer> lines = new HashMap<>();
    if (cart != null) {
      for (Object o : cart.getJsonArray(field)) {
        JsonObject l = (JsonObject) o;
        lines.put(l.getString("product_id"), l.getInteger("quantity"));
      }
    }
    return lines;
  }

  /** Starts three nodes at once, clustered under {@code cluster}, each logging to target/chaos/node-i.log. */
  private void startNodes(Path logs, String cluster) throws Exception {
    for (int i = 0; i < 3; i++) {
      Map<String, String> env = Map.of("TENDER_PORT", String.valueOf(dev.tender.TestNode.freePort()), "TENDER_STORE", "pg",
          "TENDER_PG_URL", TestDatabase.URL, "TENDER_CLUSTER_NAME", cluster, "TENDER_PARTITIONS", String.valueOf(PARTITIONS),
          "TENDER_HTTP_INSTANCES", "1", "TENDER_PG_POOL_SIZE", "4", "TENDER_REQUEST_TIMEOUT_MS", "6000");
      NodeProcess n = new NodeProcess(Integer.parseInt(env.get("TENDER_PORT")), env, logs.resolve("node-" + i + ".log").toFile());
      n.start();
      nodes.add(n);
    }
  }

  /** Tender's own log lines (no stack frames, no JVM warnings) of each node, the last 40. */
  private void printLogTails() throws Exception {
    for (NodeProcess n : nodes) {
      List<String> lines = Files.readAllLines(n.log.toPath()).stream()
          .filter(l -> l.startsWith("INFO:") || l.startsWith("WARNING: [") || l.startsWith("WARNING: this") || l.startsWith("SEVERE:")
              || l.startsWith("Tender"))
          .toList();
      System.out.println("---- node on port " + n.port + " (alive: " + n.process.isAlive() + ")");
      lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(l -> System.out.println("  " + l));
    }
  }

  /** Until every node answers, sees {@code members} members, and every partition runs exactly once. */
  private void awaitStable(WebClient http, int members, long timeoutMs) throws Exception {
    long deadline = System.currentTimeMillis() + timeoutMs;
    String last = "";
    while (System.currentTimeMillis() < deadline) {
      try {
        Set<Integer> running = new HashSet<>();
        List<String> views = new ArrayList<>();
        boolean ok = true;
        for (NodeProcess n : nodes) {
          HttpResponse<Buffer> r = await(http.get(n.port, "127.0.0.1", "/admin/cluster").putHeader("X-Admin-Key", "test-admin-key")
              .timeout(2_000).send());
          JsonObject c = r.bodyAsJsonObject().getJsonObject("content");
          ok &= c.getJsonArray("members").size() == members;
          for (String p : c.getJsonObject("this_node_runs").fieldNames()) {
            ok &= running.add(Integer.parseInt(p));
          }
          views.add("port " + n.port + ": " + c.getJsonArray("members").size() + " members, runs " + c.getJsonObject("this_node_runs").size());
        }
        last = String.join("; ", views);
        if (ok && running.size() == PARTITIONS) {
          return;
        }
      } catch (Exception e) {
        last = e.toString();
      }
      Thread.sleep(250);
    }
    System.out.println("chaos: cluster did not settle: " + last);
    printLogTails();
    throw new AssertionError("cluster did not settle: " + last);
  }

  private long countInLogs(String text) throws Exception {
    long count = 0;
    for (NodeProcess n : nodes) {
      count += Files.readAllLines(n.log.toPath()).stream().filter(l -> l.contains(text)).count();
    }
    return count;
  }

  private static void sleepUntil(long when) throws InterruptedException {
    long left = when - System.currentTimeMillis();
    if (left > 0) {
      Thread.sleep(left);
    }
  }
}
