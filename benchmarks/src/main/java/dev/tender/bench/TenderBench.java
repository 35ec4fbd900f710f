package dev.tender.bench;

import dev.tender.Node;
import dev.tender.cluster.PartitionRouter;
import dev.tender.cluster.Request;
import dev.tender.cluster.Response;
import dev.tender.config.TenderConfig;
import dev.tender.metrics.TenderMetrics;
import dev.tender.promo.Coupon;
import dev.tender.promo.PromoCommand;
import dev.tender.promo.PromoKind;
import dev.tender.promo.PromoReply;
import dev.tender.wallet.AccountType;
import dev.tender.wallet.WalletCommand;
import dev.tender.wallet.WalletKind;
import dev.tender.wallet.WalletReply;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * The tenders' hot paths on one node over PostgreSQL, driven in-process through the event bus (no
 * HTTP): durable reservations of one hot coupon (a flash sale on one code) and gift-card hold +
 * release pairs. Each figure sits beside a baseline measured in the same run: reads of the same
 * aggregate (no write), so the ratio is what durability costs. CPU per operation counts this JVM
 * (node and driver) and every PostgreSQL process (from /proc), since both are the server's cost.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.tender.bench.TenderBench} with
 * {@code TENDER_PG_URL} pointing at a database (default: the local tender database). Optional
 * arguments: operations per scenario (default 20000), requests in flight (default 256), and which
 * scenarios ({@code coupon}, {@code wallet} or {@code all}, the default: one alone is easier to profile).
 */
public final class TenderBench {

  private static TenderMetrics metrics = TenderMetrics.OFF;

  private TenderBench() {}

  public static void main(String[] args) throws Exception {
    int ops = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int inFlight = args.length > 1 ? Integer.parseInt(args[1]) : 256;
    String only = args.length > 2 ? args[2] : "all";
    boolean coupon = !only.equals("wallet");
    boolean wallet = !only.equals("coupon");
    Map<String, String> env = new HashMap<>(System.getenv());
    env.putIfAbsent("TENDER_STORE", "pg");
    env.put("TENDER_PORT", "0");
    env.put("TENDER_DEMO_COUPONS", "false");
    env.put("TENDER_WELCOME_CREDIT_MINOR", "0");
    env.put("TENDER_WELCOME_POINTS", "0");
    Vertx bootstrap = Vertx.vertx();
    TenderConfig config = TenderConfig.load(bootstrap, env).toCompletionStage().toCompletableFuture().join();
    bootstrap.close();
    Node node = Node.boot(config).toCompletionStage().toCompletableFuture().join();
    metrics = node.metrics();
    try {
      PartitionRouter<PromoCommand, PromoReply> promos = new PartitionRouter<>(node.vertx(), PromoKind.KIND, config.partitions(), 30_000);
      PartitionRouter<WalletCommand, WalletReply> wallets = new PartitionRouter<>(node.vertx(), WalletKind.KIND, config.partitions(), 30_000);
      String run = UUID.randomUUID().toString().substring(0, 8).toUpperCase();

      Instant expiry = Instant.now().plusSeconds(3_600);
      Figure reads = null;
      Figure reservations = null;
      Figure enquiries = null;
      Figure pairs = null;
      int cards = 64;
      if (coupon) {
        String code = "HOT" + run;
        Coupon hot = new Coupon(code, "flash sale", Coupon.DiscountType.PERCENTAGE, 1_000, 0, null, null, null, null, null, null,
            Coupon.AppliesTo.ALL, List.of(), List.of(), Set.of());
        join(promos.send(new Request<>(new PromoCommand.Create(code, hot), "bench", "create-" + code, null, false)));
        // Warm-up, as long as the measured run: the JIT and the partition's cache (shorter ones left the figures drifting by 2x).
        drive(ops, inFlight, i -> promos.send(reserve(code, "w" + i, expiry)));
        drive(ops, inFlight, i -> promos.read(new PromoCommand.Get(code)));
        reads = drive(ops, inFlight, i -> promos.read(new PromoCommand.Get(code)));
        reservations = drive(ops, inFlight, i -> promos.send(reserve(code, "o" + i, expiry)));
      }
      if (wallet) {
        String[] keys = new String[cards]; // built once: the driver's own work is not the server's
        for (int c = 0; c < cards; c++) {
          keys[c] = card(run, c);
        }
        for (int c = 0; c < cards; c++) {
          String key = keys[c];
          join(wallets.send(new Request<>(new WalletCommand.Issue(key, 1_000_000_000L, "INR", null, null, "bench"), "bench", "issue-" + key,
              null, false)));
        }
        LongFunction<Future<?>> pair = i -> {
          String key = keys[(int) (i % cards)];
          String hold = "h" + i;
          return wallets.send(new Request<>(new WalletCommand.PlaceHold(key, hold, 100, "INR", expiry, null, "bench"), "bench",
              run + "-p" + i, null, false))
              .compose(r -> wallets.send(new Request<>(new WalletCommand.Release(key, hold, "bench"), "bench", run + "-r" + i, null, false)));
        };
        drive(ops / 2, inFlight, i -> pair.apply(1_000_000_000L + i));
        enquiries = drive(ops, inFlight, i -> wallets.read(new WalletCommand.Enquire(keys[(int) (i % cards)], null, null)));
        pairs = drive(ops / 2, inFlight, pair);
      }
      System.out.println();
      System.out.println("| scenario | ops/s | CPU µs/op (JVM) | CPU µs/op (PostgreSQL) | vs baseline | writes per commit |");
      System.out.println("|---|---:|---:|---:|---:|---:|");
      if (coupon) {
        row("coupon reads (baseline)", reads, reads);
        row("hot coupon: durable reservations", reservations, reads);
      }
      if (wallet) {
        row("gift-card balance enquiries (baseline)", enquiries, enquiries);
        row("gift-card hold + release pairs", pairs, enquiries);
      }
      System.out.printf("%nops per scenario %d, in flight %d, %d cards, %d CPUs%n", ops, inFlight, cards,
          Runtime.getRuntime().availableProcessors());
    } finally {
      node.close().toCompletionStage().toCompletableFuture().join();
    }
  }

  private static String card(String run, int c) {
    return AccountType.GIFT_CARD.key(String.format("9%011d%04d", Math.floorMod((long) run.hashCode(), 100_000_000_000L), c));
  }

  private static Request<PromoCommand> reserve(String code, String order, Instant expiry) {
    return new Request<>(new PromoCommand.Reserve(code, order, "customer-" + order, expiry), "bench", "reserve-" + code + "-" + order,
        null, false);
  }

  /** {@code commits} and {@code units}: PostgreSQL group commits during the run and the aggregate writes they carried. */
  record Figure(long ops, long nanos, long jvmCpuNanos, long pgCpuNanos, long commits, long units) {
    double perSecond() {
      return ops * 1e9 / nanos;
    }
  }

  private static void row(String name, Figure f, Figure baseline) {
    System.out.printf("| %s | %,.0f | %.1f | %.1f | %.2f× | %s |%n", name, f.perSecond(), f.jvmCpuNanos() / 1e3 / f.ops(),
        f.pgCpuNanos() / 1e3 / f.ops(), f.perSecond() / baseline.perSecond(),
        f.commits() == 0 ? "-" : String.format("%.1f", (double) f.units() / f.commits()));
  }

  /** Runs {@code ops} operations with {@code inFlight} outstanding at a time; every one must succeed. */
  private static Figure drive(long ops, int inFlight, LongFunction<Future<?>> op) throws Exception {
    long[] commits0 = metrics.groupCommitTotals();
    long jvm0 = jvmCpu();
    long pg0 = postgresCpu();
    long t0 = System.nanoTime();
    Promise<Void> done = Promise.promise();
    AtomicLong next = new AtomicLong();
    AtomicLong finished = new AtomicLong();
    for (int i = 0; i < Math.min(inFlight, ops); i++) {
      step(ops, op, next, finished, done);
    }
    done.future().toCompletionStage().toCompletableFuture().join();
    long nanos = System.nanoTime() - t0;
    long[] commits = metrics.groupCommitTotals();
    return new Figure(ops, nanos, jvmCpu() - jvm0, postgresCpu() - pg0, commits[0] - commits0[0], commits[1] - commits0[1]);
  }

  private static void step(long ops, LongFunction<Future<?>> op, AtomicLong next, AtomicLong finished, Promise<Void> done) {
    long i = next.getAndIncrement();
    if (i >= ops) {
      return;
    }
    op.apply(i).onComplete(ar -> {
      if (ar.failed() || (ar.result() instanceof Response.Done<?> d
          && (d.reply() instanceof PromoReply.Rejected || d.reply() instanceof WalletReply.Rejected))) {
        done.tryFail(ar.failed() ? ar.cause() : new IllegalStateException("refused: " + ((Response.Done<?>) ar.result()).reply()));
        return;
      }
      if (finished.incrementAndGet() == ops) {
        done.tryComplete();
      } else {
        step(ops, op, next, finished, done);
      }
    });
  }

  private static <T> T join(Future<T> f) {
    return f.toCompletionStage().toCompletableFuture().join();
  }

  private static long jvmCpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** CPU time of every process named postgres, in nanoseconds. */
  private static long postgresCpu() {
    return ProcCpu.postgresTicks() * 1_000_000_000L / ProcCpu.TICKS_PER_SECOND;
  }
}
