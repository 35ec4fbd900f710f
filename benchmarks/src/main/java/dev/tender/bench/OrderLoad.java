package dev.tender.bench;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Durable order placement over HTTP against an already running node, beside a baseline measured in the
 * same run. Each worker is one anonymous shopper that, until the deadline, creates a cart
 * ({@code POST /carts}, one line of p03), gives it addresses ({@code POST /carts/:id/address}) and
 * places it ({@code POST /orders}: 200 with an order number and a PayU hash, or the flow failed). Then,
 * as the baseline, the same workers set a line's quantity on a cart each keeps
 * ({@code POST /carts/:id/items}, a durable write) for as long. Figures: orders per second, the latency
 * of {@code POST /orders} and of the whole three-request flow, failures, and the writes' rate and
 * latency; a figure counts what completed inside the measured window, after a warm-up that is not recorded.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.tender.bench.OrderLoad BASE_URL [SECONDS] [WORKERS]
 * [WARMUP_SECONDS] [PIDS]}, e.g. {@code http://127.0.0.1:18181 15 64 10}. PIDS (comma-separated) are the
 * server's processes: their CPU time (from /proc) during each window is reported per operation, as is
 * that of every PostgreSQL process. THREADS (env, default 2, like the wrk runs) sets the driver's event
 * loops. The last line is {@code RESULT orders_per_s order_p50_ms order_p99_ms flow_p99_ms failures
 * baseline_writes_per_s baseline_p99_ms}; the exit status is 1 when more than 1 % of the orders failed.
 */
public final class OrderLoad {
  private static final long TIMEOUT_MS = 5_000;
  private static final String STOREFRONT = "/api/v1/test-store/storefront";
  private static final String API_KEY = "test-api-key";
  private static final String CART_BODY = "{\"items\":[{\"product_id\":\"p03\",\"variant_id\":null,\"quantity\":1}]}";
  private static final String ADDRESS_BODY;
  private static final int ERRORS_KEPT = 5;
  /** The three requests of one order: cart, address, order. */
  private static final String[] STEPS = {"POST /carts", "POST /carts/:id/address", "POST /orders"};

  static {
    JsonObject a = new JsonObject().put("first_name", "Asha").put("last_name", "Rao").put("country_code", "+91")
        .put("phone", "9876543210").put("email", "asha@example.com").put("address_line1", "12 MG Road").put("pincode", "560001")
        .put("city", "Bengaluru").put("state", "Karnataka").put("country", "India");
    ADDRESS_BODY = new JsonObject().put("billing_address", a).put("shipping_address", a).encode();
  }

  private final Vertx vertx;
  private final HttpClient client;
  private final String base;
  private final Queue<String> firstErrors = new ConcurrentLinkedQueue<>();
  private final AtomicInteger errorsSeen = new AtomicInteger();

  private OrderLoad(Vertx vertx, HttpClient client, String base) {
    this.vertx = vertx;
    this.client = client;
    this.base = base;
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: OrderLoad BASE_URL [SECONDS] [WORKERS] [WARMUP_SECONDS] [PIDS]");
      System.exit(2);
    }
    String url = args[0].replaceAll("/+$", "");
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    int workers = args.length > 2 ? Integer.parseInt(args[2]) : 64;
    int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    List<Long> pids = new ArrayList<>();
    if (args.length > 4 && !args[4].isBlank()) {
      for (String p : args[4].split(",")) {
        pids.add(Long.parseLong(p.trim()));
      }
    }
    int loops = Integer.parseInt(System.getenv().getOrDefault("THREADS", "2"));

    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout((int) TIMEOUT_MS),
        new PoolOptions().setHttp1MaxSize(workers));
    OrderLoad load = new OrderLoad(vertx, client, url + STOREFRONT);
    int exit;
    try {
      exit = load.run(url, seconds, workers, warmup, loops, pids);
    } finally {
      client.close().toCompletionStage().toCompletableFuture().join();
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
    System.exit(exit);
  }

  private int run(String url, int seconds, int workers, int warmup, int loops, List<Long> pids) throws Exception {
    // One context per event loop; each worker lives on one, so its state is only touched by that thread.
    List<Context> contexts = new CopyOnWriteArrayList<>();
    join(vertx.deployVerticle(() -> new VerticleBase() {
      @Override
      public Future<?> start() {
        contexts.add(context);
        return Future.succeededFuture();
      }
    }, new DeploymentOptions().setInstances(loops)));
    List<Worker> crew = new ArrayList<>();
    for (int i = 0; i < workers; i++) {
      crew.add(new Worker(i, contexts.get(i % contexts.size())));
    }
    System.out.printf("OrderLoad: %s, %d workers on %d event loops, %d s per scenario after %d s warm-up, %d ms timeouts%n", url,
        workers, loops, seconds, warmup, TIMEOUT_MS);

    List<Future<Boolean>> sessions = new ArrayList<>();
    for (Worker w : crew) {
      sessions.add(onContext(w, w::openSession));
    }
    long opened = sessions.stream().filter(f -> join(f)).count();
    if (opened < workers) {
      System.err.printf("only %d of %d anonymous sessions opened; first errors:%n", opened, workers);
      firstErrors.forEach(e -> System.err.println("  " + e));
      return 2;
    }

    if (warmup > 0) {
      window(crew, Scenario.ORDERS, warmup, false, pids);
    }
    Window orders = window(crew, Scenario.ORDERS, seconds, true, pids);
    List<Future<Boolean>> carts = new ArrayList<>();
    for (Worker w : crew) {
      carts.add(onContext(w, w::openBaselineCart));
    }
    long ready = carts.stream().filter(f -> join(f)).count();
    if (ready < workers) {
      System.err.printf("only %d of %d baseline carts created%n", ready, workers);
    }
    // A short settle of the write path (already warm from the flows' cart writes), not recorded.
    window(crew, Scenario.WRITES, Math.min(warmup, 3), false, pids);
    Window writes = window(crew, Scenario.WRITES, seconds, true, pids);

    report(orders, writes, workers, pids);
    long attempted = orders.ok + orders.failures();
    boolean failing = orders.ok == 0 || orders.failures() * 100 > attempted;
    if (failing) {
      System.err.printf("%d of %d orders failed (more than 1 %%)%n", orders.failures(), attempted);
    }
    return failing ? 1 : 0;
  }

  private static Future<Boolean> onContext(Worker w, java.util.function.Supplier<Future<Boolean>> task) {
    Promise<Boolean> p = Promise.promise();
    w.ctx.runOnContext(v -> task.get().onComplete(ar -> p.complete(ar.succeeded() && ar.result())));
    return p.future();
  }

  enum Scenario { ORDERS, WRITES }

  /** What a worker counted in one window; merged into a {@link Window} once every worker stopped. */
  static final class Tally {
    final Samples latency = new Samples(); // POST /orders, or the add-item write
    final Samples flow = new Samples(); // the three requests of an order
    long inWindow; // succeeded before the deadline: the rate
    long ok; // succeeded, also after the deadline (started before it)
    long rejected; // answered, but not 200 with what was expected
    long errors; // no answer: connection error or timeout
    final long[] failedAt = new long[STEPS.length];
  }

  record Window(Scenario scenario, double seconds, long inWindow, long ok, long rejected, long errors, long[] failedAt,
                long[] latency, long[] flow, long serverTicks, long postgresTicks, long driverCpuNanos) {
    long failures() {
      return rejected + errors;
    }

    double perSecond() {
      return inWindow / seconds;
    }
  }

  /** Runs every worker on {@code scenario} for {@code seconds}, then waits for the requests still in flight. */
  private Window window(List<Worker> crew, Scenario scenario, int seconds, boolean recorded, List<Long> pids) throws Exception {
    long server0 = ProcCpu.ticksOf(pids);
    long pg0 = ProcCpu.postgresTicks();
    long driver0 = driverCpu();
    long t0 = System.nanoTime();
    long deadline = t0 + seconds * 1_000_000_000L;
    List<Tally> tallies = new ArrayList<>();
    List<Future<Void>> stopped = new ArrayList<>();
    for (Worker w : crew) {
      Tally t = new Tally();
      tallies.add(t);
      Promise<Void> p = Promise.promise();
      stopped.add(p.future());
      w.ctx.runOnContext(v -> w.loop(scenario, recorded, t, deadline, p));
    }
    long left;
    while ((left = deadline - System.nanoTime()) > 0) {
      Thread.sleep(Math.max(1, left / 1_000_000));
    }
    long server = ProcCpu.ticksOf(pids) - server0;
    long pg = ProcCpu.postgresTicks() - pg0;
    long driver = driverCpu() - driver0;
    double elapsed = (System.nanoTime() - t0) / 1e9;
    join(Future.all(stopped));
    long inWindow = 0, ok = 0, rejected = 0, errors = 0;
    long[] failedAt = new long[STEPS.length];
    Samples latency = new Samples();
    Samples flow = new Samples();
    for (Tally t : tallies) {
      inWindow += t.inWindow;
      ok += t.ok;
      rejected += t.rejected;
      errors += t.errors;
      for (int i = 0; i < failedAt.length; i++) {
        failedAt[i] += t.failedAt[i];
      }
      latency.addAll(t.latency);
      flow.addAll(t.flow);
    }
    return new Window(scenario, elapsed, inWindow, ok, rejected, errors, failedAt, latency.sorted(), flow.sorted(), server, pg, driver);
  }

  private void report(Window orders, Window writes, int workers, List<Long> pids) {
    double ratio = writes.perSecond() > 0 ? orders.perSecond() / writes.perSecond() : 0;
    System.out.println();
    System.out.printf("%-34s %10s %9s %9s %10s %9s %12s %12s %12s%n", "scenario (" + workers + " workers)", "per s", "p50 ms",
        "p99 ms", "flow p99", "failures", "node µs/op", "pg µs/op", "driver µs/op");
    System.out.printf("%-34s %10.1f %9.2f %9.2f %10.2f %9d %12s %12s %12s%n", "place order (3 req; POST /orders)", orders.perSecond(),
        ms(percentile(orders.latency, 0.50)), ms(percentile(orders.latency, 0.99)), ms(percentile(orders.flow, 0.99)),
        orders.failures(), perOp(orders.serverTicks, orders.inWindow, !pids.isEmpty()), perOp(orders.postgresTicks, orders.inWindow, true),
        String.format("%.0f", orders.inWindow > 0 ? orders.driverCpuNanos / 1e3 / orders.inWindow : 0.0));
    System.out.printf("%-34s %10.1f %9.2f %9.2f %10s %9d %12s %12s %12s%n", "add item (baseline, same run)", writes.perSecond(),
        ms(percentile(writes.latency, 0.50)), ms(percentile(writes.latency, 0.99)), "-", writes.failures(),
        perOp(writes.serverTicks, writes.inWindow, !pids.isEmpty()), perOp(writes.postgresTicks, writes.inWindow, true),
        String.format("%.0f", writes.inWindow > 0 ? writes.driverCpuNanos / 1e3 / writes.inWindow : 0.0));
    System.out.println();
    System.out.printf("orders/s : writes/s = %.1f : %.1f = %.3f (one order per %.2f add-item writes)%n", orders.perSecond(),
        writes.perSecond(), ratio, ratio > 0 ? 1 / ratio : 0);
    System.out.println("HTTP requests per order = 3");
    System.out.printf("orders: %d completed in the window (%d in all), failures %d (rejected %d, no answer %d; at %s %d, %s %d, %s %d);"
            + " writes: failures %d (rejected %d, no answer %d)%n", orders.inWindow, orders.ok, orders.failures(), orders.rejected,
        orders.errors, STEPS[0], orders.failedAt[0], STEPS[1], orders.failedAt[1], STEPS[2], orders.failedAt[2], writes.failures(),
        writes.rejected, writes.errors);
    if (errorsSeen.get() > 0) {
      System.out.printf("first of %d failed requests (warm-up included):%n", errorsSeen.get());
      firstErrors.forEach(e -> System.out.println("  " + e));
    }
    // For run.sh: the order window's rejected and unanswered flows and the server's CPU ticks, then the writes'.
    System.out.printf("DETAIL %d %d %d %.3f %d %d %d%n", orders.rejected, orders.errors, orders.serverTicks,
        ms(percentile(writes.latency, 0.50)), writes.rejected, writes.errors, writes.serverTicks);
    System.out.printf("RESULT %.1f %.3f %.3f %.3f %d %.1f %.3f%n", orders.perSecond(), ms(percentile(orders.latency, 0.50)),
        ms(percentile(orders.latency, 0.99)), ms(percentile(orders.flow, 0.99)), orders.failures(), writes.perSecond(),
        ms(percentile(writes.latency, 0.99)));
  }

  private static String perOp(long ticks, long ops, boolean known) {
    return known && ops > 0 ? String.format("%.0f", ticks * 1e6 / ProcCpu.TICKS_PER_SECOND / ops) : "-";
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  /** Nearest rank of sorted samples; 0 when there are none. */
  private static long percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
  }

  /** One shopper: its session, the order flow and the baseline's writes. Runs on its context only. */
  private final class Worker {
    final int index;
    final Context ctx;
    String token;
    String baselineCart;
    long writes;

    Worker(int index, Context ctx) {
      this.index = index;
      this.ctx = ctx;
      this.writes = index;
    }

    Future<Boolean> openSession() {
      return retry(5, () -> post("/auth/anonymous", null, "{}").map(r -> {
        token = content(r).getString("access_token");
        if (token == null) {
          throw new Refused(r.status, "no access_token: " + r.body);
        }
        return true;
      }), "session");
    }

    Future<Boolean> openBaselineCart() {
      return retry(5, () -> post("/carts", token, CART_BODY).map(r -> {
        baselineCart = content(r).getJsonObject("cart").getString("id");
        return true;
      }), "baseline cart");
    }

    private Future<Boolean> retry(int attempts, java.util.function.Supplier<Future<Boolean>> op, String what) {
      return op.get().recover(e -> {
        note("[" + what + "] " + describe(e));
        if (attempts <= 1) {
          return Future.succeededFuture(false);
        }
        Promise<Boolean> again = Promise.promise();
        vertx.setTimer(200, id -> retry(attempts - 1, op, what).onComplete(again));
        return again.future();
      });
    }

    void loop(Scenario scenario, boolean recorded, Tally t, long deadline, Promise<Void> stopped) {
      if (System.nanoTime() >= deadline) {
        stopped.complete();
        return;
      }
      if (scenario == Scenario.WRITES && baselineCart == null) {
        stopped.complete(); // counted when the cart could not be made
        return;
      }
      Future<Boolean> one = scenario == Scenario.ORDERS ? order(recorded, t, deadline) : write(recorded, t, deadline);
      // After a failure pause a little, so a node that refuses at once is not spun against.
      one.onComplete(ar -> {
        if (ar.succeeded() && ar.result()) {
          ctx.runOnContext(v -> loop(scenario, recorded, t, deadline, stopped));
        } else {
          vertx.setTimer(10, id -> loop(scenario, recorded, t, deadline, stopped));
        }
      });
    }

    /** One order: cart, address, order. True when it was placed. */
    private Future<Boolean> order(boolean recorded, Tally t, long deadline) {
      long t0 = System.nanoTime();
      int[] step = {0};
      String[] cart = {null};
      return post("/carts", token, CART_BODY).compose(r -> {
        cart[0] = content(r).getJsonObject("cart").getString("id");
        step[0] = 1;
        return post("/carts/" + cart[0] + "/address", token, ADDRESS_BODY);
      }).compose(r -> {
        content(r);
        step[0] = 2;
        return post("/orders", token, new JsonObject().put("cart_id", cart[0]).encode());
      }).map(r -> {
        JsonObject c = content(r);
        JsonObject order = c.getJsonObject("order");
        JsonObject payment = c.getJsonObject("payment_info");
        if (order == null || order.getValue("order_number") == null || payment == null || payment.getString("hash") == null) {
          throw new Refused(r.status, "no order_number or payment_info.hash: " + r.body);
        }
        long end = System.nanoTime();
        if (recorded) {
          t.ok++;
          t.latency.add(r.nanos);
          t.flow.add(end - t0);
          if (end <= deadline) {
            t.inWindow++;
          }
        }
        return true;
      }).recover(e -> {
        note("[" + (recorded ? "orders" : "orders warm-up") + "] " + STEPS[step[0]] + ": " + describe(e));
        if (recorded) {
          t.failedAt[step[0]]++;
          if (e instanceof Refused) {
            t.rejected++;
          } else {
            t.errors++;
          }
        }
        return Future.succeededFuture(false);
      });
    }

    /** One durable write on the worker's cart: a line's quantity, 1..5 in turn. */
    private Future<Boolean> write(boolean recorded, Tally t, long deadline) {
      int quantity = (int) (writes++ % 5) + 1;
      String body = "{\"product_id\":\"p03\",\"variant_id\":null,\"quantity\":" + quantity + "}";
      return post("/carts/" + baselineCart + "/items", token, body).map(r -> {
        content(r);
        long end = System.nanoTime();
        if (recorded) {
          t.ok++;
          t.latency.add(r.nanos);
          if (end <= deadline) {
            t.inWindow++;
          }
        }
        return true;
      }).recover(e -> {
        note("[" + (recorded ? "writes" : "writes warm-up") + "] POST /carts/:id/items: " + describe(e));
        if (recorded) {
          if (e instanceof Refused) {
            t.rejected++;
          } else {
            t.errors++;
          }
        }
        return Future.succeededFuture(false);
      });
    }
  }

  /** An answer that was not 200 with the content expected. */
  static final class Refused extends RuntimeException {
    final int status;

    Refused(int status, String detail) {
      super(status + " " + detail, null, false, false);
      this.status = status;
    }
  }

  record Reply(int status, Buffer body, long nanos) {}

  /** The envelope's content of a 200, or a {@link Refused} thrown. */
  private static JsonObject content(Reply r) {
    if (r.status != 200) {
      throw new Refused(r.status, r.body.toString());
    }
    JsonObject c;
    try {
      c = r.body.toJsonObject().getJsonObject("content");
    } catch (RuntimeException e) {
      throw new Refused(r.status, "unreadable: " + r.body);
    }
    if (c == null) {
      throw new Refused(r.status, "no content: " + r.body);
    }
    return c;
  }

  /** A POST under the API key ({@code token} null) or the bearer token; fails after {@link #TIMEOUT_MS} without an answer. */
  private Future<Reply> post(String path, String token, String body) {
    long t0 = System.nanoTime();
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(base + path)
        .setIdleTimeout(TIMEOUT_MS).putHeader("Content-Type", "application/json");
    if (token == null) {
      options.putHeader("X-Api-Key", API_KEY);
    } else {
      options.putHeader("Authorization", "Bearer " + token);
    }
    Promise<Reply> answered = Promise.promise();
    HttpClientRequest[] sent = {null};
    long timer = vertx.setTimer(TIMEOUT_MS, id -> {
      if (answered.tryFail(new TimeoutException("no answer in " + TIMEOUT_MS + " ms")) && sent[0] != null) {
        sent[0].reset();
      }
    });
    client.request(options).compose(req -> {
      sent[0] = req;
      return req.send(body);
    }).compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), b, System.nanoTime() - t0))).onComplete(ar -> {
      vertx.cancelTimer(timer);
      if (ar.succeeded()) {
        answered.tryComplete(ar.result());
      } else {
        answered.tryFail(ar.cause());
      }
    });
    return answered.future();
  }

  private void note(String error) {
    if (errorsSeen.incrementAndGet() <= ERRORS_KEPT) {
      firstErrors.add(error.length() > 600 ? error.substring(0, 600) + "…" : error);
    }
  }

  private static String describe(Throwable e) {
    return e instanceof Refused ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  /** A growable array of nanosecond samples. */
  static final class Samples {
    private long[] values = new long[1024];
    private int size;

    void add(long v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    void addAll(Samples other) {
      for (int i = 0; i < other.size; i++) {
        add(other.values[i]);
      }
    }

    long[] sorted() {
      long[] out = Arrays.copyOf(values, size);
      Arrays.sort(out);
      return out;
    }
  }

  private static <T> T join(Future<T> f) {
    return f.toCompletionStage().toCompletableFuture().join();
  }

  private static long driverCpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

}
