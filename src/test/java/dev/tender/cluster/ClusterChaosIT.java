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
 *   <li>checkouts placed and paid during the faults: every acknowledged order exists and is paid at most once,
 *       every gift-card hold is settled as its order says (captured, open, or released for a cancelled order
 *       or a placement that never finished), and every card's ledger adds up and matches what the API shows;</li>
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
  private static final int GIFT_CARDS = 6;
  /** Short, so placements cut off by a kill are abandoned (and their holds released) before the checks. */
  private static final int PLACEMENT_TIMEOUT_S = 10;

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

  /** One checkout as its client saw it: placed (a 200 for POST /orders) and the payment outcome PayU's callback acknowledged. */
  private static final class Checkout {
    volatile String number;
    volatile boolean placed;
    volatile String paid = "none"; // success or failure when the callback was acknowledged; doubt when not
  }

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

    // Checkouts: new shoppers place orders paid partly by a gift card from a small pool, then pay the rest on
    // the test gateway of a random node (which posts PayU's callback to the node that placed the order).
    List<String> cards = new ArrayList<>();
    for (int i = 0; i < GIFT_CARDS; i++) {
      HttpResponse<Buffer> issued = await(http.post(nodes.get(0).port, "127.0.0.1", "/api/v1/test-store/admin/gift-cards")
          .putHeader("X-Admin-Key", "test-admin-key").sendJsonObject(new JsonObject().put("amount", 100_000).put("with_pin", false)));
      assertThat(issued.statusCode()).as(issued.bodyAsString()).isEqualTo(201);
      cards.add(issued.bodyAsJsonObject().getJsonObject("content").getJsonObject("gift_card").getString("number"));
    }
    List<Checkout> checkouts = java.util.Collections.synchronizedList(new ArrayList<>());
    Future<Void> checkouter = startCheckouts(http, new Random(7), end, cards, checkouts);

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
    await(checkouter);
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
    long[] checkoutCounts = checkCheckouts(http, cards, checkouts, violations);

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
    System.out.printf("checkouts started %d, orders acknowledged %d, payments acknowledged %d, orders confirmed %d, gift-card holds %d%n",
        checkoutCounts[0], checkoutCounts[1], checkoutCounts[2], checkoutCounts[3], checkoutCounts[4]);
    System.out.println("partitions found superseded by a newer owner (node logs): " + countInLogs("superseded"));
    System.out.println("invariant violations: " + violations.size());
    violations.stream().limit(20).forEach(v -> System.out.println("  " + v));
    assertThat(violations).isEmpty();
    assertThat(acknowledged).isGreaterThan(SHOPPERS);
    assertThat(exchangeCounts[1]).isGreaterThan(20);
    assertThat(checkoutCounts[1]).isGreaterThan(10);
  }

  /** Starts a checkout every 400 ms, each step through a random node; a step that fails ends that checkout. */
  private Future<Void> startCheckouts(WebClient http, Random random, long end, List<String> cards, List<Checkout> started) {
    Promise<Void> done = Promise.promise();
    List<Future<Void>> running = java.util.Collections.synchronizedList(new ArrayList<>());
    vertx.setPeriodic(400, id -> {
      if (System.currentTimeMillis() >= end) {
        vertx.cancelTimer(id);
        Future.join(new ArrayList<>(running)).onComplete(v -> done.tryComplete());
        return;
      }
      Checkout c = new Checkout();
      started.add(c);
      running.add(checkout(http, random, cards.get(random.nextInt(cards.size())), c).recover(e -> Future.succeededFuture()));
    });
    return done.future();
  }

  private Future<Void> checkout(WebClient http, Random random, String card, Checkout c) {
    String[] token = new String[1];
    String[] cart = new String[1];
    String key = "chaos-" + UUID.randomUUID();
    boolean succeed = random.nextInt(4) != 0; // a quarter of the payments fail at the gateway
    NodeProcess[] pick = {nodes.get(random.nextInt(3)), nodes.get(random.nextInt(3)), nodes.get(random.nextInt(3)),
        nodes.get(random.nextInt(3)), nodes.get(random.nextInt(3)), nodes.get(random.nextInt(3))};
    return ok(request(http, pick[0], HttpMethod.POST, "/auth/anonymous", null, null)).compose(session -> {
      token[0] = session.getString("access_token");
      return ok(request(http, pick[1], HttpMethod.POST, "/carts", token[0], new JsonObject().put("items", new JsonArray()
          .add(new JsonObject().put("product_id", "p03").put("variant_id", null).put("quantity", 1)))));
    }).compose(created -> {
      cart[0] = created.getJsonObject("cart").getString("id");
      JsonObject address = new JsonObject().put("first_name", "Asha").put("last_name", "Rao").put("phone", "9876543210")
          .put("email", "asha@example.com").put("address_line1", "12 MG Road").put("pincode", "560001").put("city", "Bengaluru")
          .put("state", "Karnataka").put("country", "India");
      return ok(request(http, pick[2], HttpMethod.POST, "/carts/" + cart[0] + "/address", token[0],
          new JsonObject().put("billing_address", address).put("shipping_address", address)));
    }).compose(v -> ok(request(http, pick[3], HttpMethod.POST, "/carts/" + cart[0] + "/gift-card", token[0],
        new JsonObject().put("gift_card_number", card).put("amount", 50))))
      .compose(v -> place(http, pick[4], token[0], cart[0], key, 0)).compose(placed -> {
        c.number = placed.getJsonObject("order").getString("order_number");
        c.placed = true;
        JsonObject info = placed.getJsonObject("payment_info");
        io.vertx.core.MultiMap form = io.vertx.core.MultiMap.caseInsensitiveMultiMap();
        for (String f : new String[] {"key", "txnid", "amount", "productinfo", "firstname", "email", "phone", "surl", "furl", "hash"}) {
          form.add(f, String.valueOf(info.getValue(f)));
        }
        c.paid = "doubt";
        return http.post(pick[5].port, "127.0.0.1", "/sim/payu/_payment?outcome=" + (succeed ? "success" : "failure")).timeout(10_000)
            .sendForm(form).map(r -> {
              if (r.statusCode() == 200) {
                c.paid = succeed ? "success" : "failure";
              }
              return null;
            });
      });
  }

  /** POST /orders with the checkout's Idempotency-Key, tried again (on another node) up to three times. */
  private Future<JsonObject> place(WebClient http, NodeProcess n, String token, String cart, String key, int attempt) {
    return http.request(HttpMethod.POST, n.port, "127.0.0.1", "/api/v1/test-store/storefront/orders").timeout(10_000)
        .putHeader("Authorization", "Bearer " + token).putHeader("Idempotency-Key", key)
        .sendJsonObject(new JsonObject().put("cart_id", cart))
        .compose(r -> r.statusCode() == 200 ? Future.succeededFuture(r.bodyAsJsonObject().getJsonObject("content"))
            : Future.<JsonObject>failedFuture(r.statusCode() + " " + r.bodyAsString()))
        .recover(e -> attempt >= 2 ? Future.failedFuture(e) : place(http, nodes.get((nodes.indexOf(n) + 1) % 3), token, cart, key, attempt + 1));
  }

  private static Future<JsonObject> ok(Future<HttpResponse<Buffer>> sent) {
    return sent.compose(r -> r.statusCode() == 200 ? Future.succeededFuture(r.bodyAsJsonObject().getJsonObject("content"))
        : Future.failedFuture(r.statusCode() + " " + r.bodyAsString()));
  }

  /**
   * Once placements cut off by the faults are past their deadline: every acknowledged order is there and
   * paid at most once (confirmed if its success callback was acknowledged); every gift-card hold is settled
   * as its order says (captured if confirmed, open if pending, released if cancelled or never placed); and
   * every card's ledger adds up (balance = issued − captured, held = the open holds), as the API shows it.
   * Returns {started, placed, paid, confirmed, holds}.
   */
  private long[] checkCheckouts(WebClient http, List<String> cards, List<Checkout> checkouts, List<String> violations) throws Exception {
    Thread.sleep((PLACEMENT_TIMEOUT_S + 2) * 1000L);
    List<String> last = List.of();
    long[] counts = null;
    long deadline = System.currentTimeMillis() + 40_000; // captures and releases travel through outboxes
    while (true) {
      List<String> found = new ArrayList<>();
      counts = checkoutPass(http, cards, new ArrayList<>(checkouts), found);
      last = found;
      if (found.isEmpty() || System.currentTimeMillis() > deadline) {
        break;
      }
      Thread.sleep(1_000);
    }
    violations.addAll(last);
    return counts;
  }

  private long[] checkoutPass(WebClient http, List<String> cards, List<Checkout> checkouts, List<String> violations) throws Exception {
    Map<String, String> orderStatus = new HashMap<>();
    long confirmed = 0;
    for (Checkout c : checkouts) {
      if (!c.placed) {
        continue;
      }
      HttpResponse<Buffer> r = await(http.get(nodes.get(0).port, "127.0.0.1", "/api/v1/test-store/admin/orders/" + c.number)
          .putHeader("X-Admin-Key", "test-admin-key").timeout(5_000).send());
      if (r.statusCode() != 200) {
        violations.add("order " + c.number + " was acknowledged but reads " + r.statusCode() + " " + r.bodyAsString());
        continue;
      }
      JsonObject order = r.bodyAsJsonObject().getJsonObject("content").getJsonObject("order");
      orderStatus.put(c.number, order.getString("status"));
      long successes = order.getJsonArray("payments").stream()
          .filter(p -> "success".equals(((JsonObject) p).getString("payment_status"))).count();
      if (successes > 1) {
        violations.add("order " + c.number + " paid " + successes + " times");
      }
      if (c.paid.equals("success") && !order.getString("status").equals("confirmed")) {
        violations.add("order " + c.number + ": success callback acknowledged, order " + order.getString("status"));
      }
      if (order.getString("status").equals("confirmed")) {
        confirmed++;
      }
    }
    Map<String, long[]> totals = new HashMap<>(); // card -> {issued, captured, open holds, last balance_after, last held_after}
    Map<String, String[]> holds = new HashMap<>(); // account/hold -> {amount, settlement}
    for (Row r : await(pool.preparedQuery("""
        SELECT account_key, entry_type, amount, hold_id, balance_after, held_after FROM wallet_ledger
         WHERE account_key = ANY($1) ORDER BY account_key, seq""").execute(io.vertx.sqlclient.Tuple.of(
        cards.stream().map(c -> "gift-card:" + c).toArray(String[]::new))))) {
      String account = r.getString(0);
      String type = r.getString(1);
      long amount = Math.abs(r.getLong(2));
      long[] t = totals.computeIfAbsent(account, k -> new long[5]);
      t[3] = r.getLong(4);
      t[4] = r.getLong(5);
      switch (type) {
        case "issue" -> t[0] += amount;
        case "capture" -> t[1] += amount;
        default -> { }
      }
      if (r.getString(3) != null) {
        String id = account + " " + r.getString(3);
        if (type.equals("hold")) {
          holds.put(id, new String[] {String.valueOf(amount), "open"});
        } else {
          String[] h = holds.get(id);
          if (h == null || !h[1].equals("open")) {
            violations.add("hold " + id + ": " + type + " of a hold that is " + (h == null ? "unknown" : h[1]));
          } else {
            h[1] = type;
          }
        }
      }
    }
    for (var e : holds.entrySet()) {
      String holdId = e.getKey().substring(e.getKey().indexOf(' ') + 1);
      String number = holdId.substring(0, holdId.indexOf('/'));
      String status = orderStatus.get(number);
      if (status == null) { // not acknowledged: it may exist or not; readable means placed
        HttpResponse<Buffer> r = await(http.get(nodes.get(0).port, "127.0.0.1", "/api/v1/test-store/admin/orders/" + number)
            .putHeader("X-Admin-Key", "test-admin-key").timeout(5_000).send());
        status = r.statusCode() == 200 ? r.bodyAsJsonObject().getJsonObject("content").getJsonObject("order").getString("status") : "none";
      }
      String expected = switch (status) {
        case "confirmed" -> "capture";
        case "pending" -> "open";
        default -> "release"; // cancelled, or a placement that never became an order
      };
      if (!e.getValue()[1].equals(expected)) {
        violations.add("hold " + e.getKey() + " is " + e.getValue()[1] + " but its order is " + status);
      }
      if (!holdId.startsWith(number + "/")) {
        violations.add("hold " + e.getKey() + " names no order");
      }
    }
    for (String card : cards) {
      long[] t = totals.getOrDefault("gift-card:" + card, new long[5]);
      long open = holds.entrySet().stream().filter(h -> h.getKey().startsWith("gift-card:" + card + " ") && h.getValue()[1].equals("open"))
          .mapToLong(h -> Long.parseLong(h.getValue()[0])).sum();
      if (t[3] != t[0] - t[1] || t[4] != open) {
        violations.add("card " + card + ": ledger says balance " + t[3] + " held " + t[4] + ", but issued " + t[0] + " − captured " + t[1]
            + " and open holds " + open);
      }
      HttpResponse<Buffer> r = await(http.get(nodes.get(0).port, "127.0.0.1", "/api/v1/test-store/admin/gift-cards/" + card)
          .putHeader("X-Admin-Key", "test-admin-key").timeout(5_000).send());
      JsonObject view = r.bodyAsJsonObject().getJsonObject("content").getJsonObject("gift_card");
      long available = new java.math.BigDecimal(view.getValue("balance").toString()).movePointRight(2).longValueExact();
      long held = new java.math.BigDecimal(view.getValue("held").toString()).movePointRight(2).longValueExact();
      if (available + held != t[3] || held != t[4]) {
        violations.add("card " + card + ": the API shows available " + available + " held " + held + ", the ledger " + t[3] + "/" + t[4]);
      }
    }
    long placed = checkouts.stream().filter(c -> c.placed).count();
    long paid = checkouts.stream().filter(c -> c.paid.equals("success") || c.paid.equals("failure")).count();
    return new long[] {checkouts.size(), placed, paid, confirmed, holds.size()};
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
      JsonObject body = new JsonObject().put("product_id", product).put("variant_id", null).put("quantity", q);
      // As a careful client does: an answer it never got is asked again with the same Idempotency-Key (through any
      // node) before it moves on, so a request stuck in a paused node cannot land after the shopper's next change.
      // (Applied by the first attempt or the second, it is applied once; the checker's ordering then holds.)
      String key = "chaos-" + UUID.randomUUID();
      call = withRetries(node -> request(http, nodes.get(node), HttpMethod.POST, "/carts/" + s.cartId + "/items", s.token, body, key),
          nodeIndex, t0, random, ops, 3);
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

  /**
   * {@code send} through node {@code node}, then again through a random node (400 ms later) while the answer is
   * not a 200, up to {@code retries} more times: each failed attempt but the last is recorded as an operation.
   */
  private Future<HttpResponse<Buffer>> withRetries(java.util.function.IntFunction<Future<HttpResponse<Buffer>>> send, int node, long t0,
                                                   Random random, List<Op> ops, int retries) {
    return send.apply(node).transform(ar -> {
      boolean ok = ar.succeeded() && ar.result().statusCode() == 200;
      if (ok || retries == 0) {
        return ar.succeeded() ? Future.succeededFuture(ar.result()) : Future.failedFuture(ar.cause());
      }
      ops.add(new Op(node, t0, System.currentTimeMillis(), false,
          ar.failed() ? ar.cause().getClass().getSimpleName() : String.valueOf(ar.result().statusCode())));
      Promise<HttpResponse<Buffer>> next = Promise.promise();
      vertx.setTimer(400, t -> withRetries(send, random.nextInt(3), System.currentTimeMillis(), random, ops, retries - 1).onComplete(next));
      return next.future();
    });
  }

  private static Future<HttpResponse<Buffer>> request(WebClient http, NodeProcess n, HttpMethod method, String path, String token, JsonObject body) {
    return request(http, n, method, path, token, body, null);
  }

  private static Future<HttpResponse<Buffer>> request(WebClient http, NodeProcess n, HttpMethod method, String path, String token,
                                                      JsonObject body, String idempotencyKey) {
    HttpRequest<Buffer> req = http.request(method, n.port, "127.0.0.1", "/api/v1/test-store/storefront" + path).timeout(10_000);
    if (idempotencyKey != null) {
      req.putHeader("Idempotency-Key", idempotencyKey);
    }
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
          "TENDER_HTTP_INSTANCES", "1", "TENDER_PG_POOL_SIZE", "4", "TENDER_REQUEST_TIMEOUT_MS", "6000",
          "TENDER_ORDER_PLACEMENT_TIMEOUT_SECONDS", String.valueOf(PLACEMENT_TIMEOUT_S));
      NodeProcess n = new NodeProcess(Integer.parseInt(env.get("TENDER_PORT")), env, logs.resolve("node-" + i + ".log").toFile());
      n.start();
      nodes.add(n);
    }
  }

  /** Tender's own log lines (no stack frames, no JVM warnings) of each node, the last 40. */
  private void printLogTails() throws Exception {
    for (NodeProcess n : nodes) {
      List<String> lines = Files.readAllLines(n.log.toPath()).stream()
          .filter(l -> l.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:.* (INFO|WARN|ERROR) .*"))
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
