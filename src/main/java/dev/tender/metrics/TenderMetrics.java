package dev.tender.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.VertxOptions;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A node's meters: one Prometheus registry shared by Vert.x's own metrics (HTTP server requests by route,
 * method and code, the event bus, the SQL pools) and ours, scraped at {@code GET /metrics}. The runtime
 * calls plain methods here and never touches Micrometer; every meter is registered up front (per kind,
 * once), so a call on the hot path is a field read and an increment. {@link #OFF} ({@code metrics_enabled=false})
 * does nothing: no registry, no Vert.x metrics, and its methods return at once.
 *
 * <p>Meter names as Prometheus shows them: see {@code README.md}, "Metrics".
 */
public final class TenderMetrics {
  /** No meters at all: what a node with {@code metrics_enabled=false} and the unit tests use. */
  public static final TenderMetrics OFF = new TenderMetrics(null);

  /** Units per transaction, as buckets (a batch holds at most 512). */
  private static final double[] UNIT_BUCKETS = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512};

  private final PrometheusMeterRegistry registry;
  private final ConcurrentMap<String, KindMeters> kinds = new ConcurrentHashMap<>();
  private final Counter ordersPlaced;
  private final Counter ordersPaid;
  private final Counter callbacksRejected;
  private final DistributionSummary groupCommitUnits;
  private final Timer groupCommitLatency;

  private TenderMetrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
    if (registry == null) {
      ordersPlaced = ordersPaid = callbacksRejected = null;
      groupCommitUnits = null;
      groupCommitLatency = null;
      return;
    }
    ordersPlaced = Counter.builder("tender.orders.placed").description("Orders placed (pending payment, or confirmed when nothing was left to pay)")
        .register(registry);
    ordersPaid = Counter.builder("tender.orders.paid").description("Orders paid in full").register(registry);
    callbacksRejected = Counter.builder("tender.payu.callbacks.rejected")
        .description("PayU callbacks refused as INVALID_CALLBACK (unknown txnid, bad key or hash, wrong amount)").register(registry);
    groupCommitUnits = DistributionSummary.builder("tender.group.commit.units")
        .description("Aggregates written per PostgreSQL group-commit transaction (all partitions of the node)")
        .serviceLevelObjectives(UNIT_BUCKETS).register(registry);
    groupCommitLatency = latency("tender.group.commit.latency", "Time of a PostgreSQL group commit, connection wait included")
        .register(registry);
  }

  /**
   * A registry for a new node. Latency histograms (Prometheus buckets) are published for the HTTP server's
   * response time and our timers; everything else keeps counts and sums only.
   */
  public static TenderMetrics prometheus() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        if (id.getType() == Meter.Type.TIMER && id.getName().startsWith("vertx.http.server.")) {
          return DistributionStatisticConfig.builder().percentilesHistogram(true).build().merge(config);
        }
        return config;
      }
    });
    return new TenderMetrics(registry);
  }

  /**
   * Vert.x's side: options with metrics on (HTTP route, method and code labels; pool and event-bus side),
   * in a registry named {@code registryName} (unique per Vert.x instance: Vert.x keeps its registries by
   * name, JVM-wide, and nodes started in one JVM must not share one), and the factory that makes Vert.x
   * use our registry ({@code VertxBuilder.withMetrics}, Vert.x 5). Null factory when off.
   */
  public VertxMetricsFactory configure(VertxOptions options, String registryName) {
    if (registry == null) {
      return null;
    }
    options.setMetricsOptions(new MicrometerMetricsOptions()
        .setEnabled(true)
        .setRegistryName(registryName)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
        .addLabels(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.POOL_TYPE, Label.POOL_NAME, Label.EB_SIDE));
    return new MicrometerMetricsFactory(registry);
  }

  public boolean enabled() {
    return registry != null;
  }

  /** The Prometheus text exposition of every meter; a Vert.x Web handler (enabled only). */
  public Handler<RoutingContext> scrapingHandler() {
    if (registry == null) {
      throw new IllegalStateException("metrics are off");
    }
    return PrometheusScrapingHandler.create(registry);
  }

  /** The meters of one partition kind, registered on first use; keep the result (no lookup per call). */
  public KindMeters kind(String kind) {
    return registry == null ? KindMeters.NONE : kinds.computeIfAbsent(kind, k -> new KindMeters(registry, k));
  }

  public void orderPlaced() {
    if (ordersPlaced != null) {
      ordersPlaced.increment();
    }
  }

  public void orderPaid() {
    if (ordersPaid != null) {
      ordersPaid.increment();
    }
  }

  public void callbackRejected() {
    if (callbacksRejected != null) {
      callbacksRejected.increment();
    }
  }

  /** PostgreSQL group commits so far and the aggregates they wrote, {0, 0} when off (for benchmarks). */
  public long[] groupCommitTotals() {
    return groupCommitUnits == null ? new long[2] : new long[] {groupCommitUnits.count(), (long) groupCommitUnits.totalAmount()};
  }

  /** One PostgreSQL group commit: its units (aggregates, all partitions) and how long it took. */
  public void groupCommit(int units, long nanos) {
    if (groupCommitUnits != null) {
      groupCommitUnits.record(units);
      groupCommitLatency.record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  private static Timer.Builder latency(String name, String description) {
    return Timer.builder(name).description(description).publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(20_000)).maximumExpectedValue(Duration.ofSeconds(10));
  }

  /** One kind's meters, all tagged {@code kind}. Methods are safe from any thread. */
  public static final class KindMeters {
    static final KindMeters NONE = new KindMeters(null, null);

    private final boolean on;
    private final Counter mutating;
    private final Counter reads;
    private final Counter replays;
    private final DistributionSummary flushUnits;
    private final Timer flushLatency;
    private final Counter timersDue;
    private final Counter timersFired;
    private final Counter outboxWritten;
    private final Counter outboxDelivered;
    private final Counter gained;
    private final Counter lost;
    private final AtomicInteger owned = new AtomicInteger();
    private final AtomicLong outboxPending = new AtomicLong();

    private KindMeters(MeterRegistry r, String kind) {
      on = r != null;
      if (!on) {
        mutating = reads = replays = timersDue = timersFired = outboxWritten = outboxDelivered = gained = lost = null;
        flushUnits = null;
        flushLatency = null;
        return;
      }
      String commands = "Commands taken by this node's partitions (mutating or read)";
      mutating = Counter.builder("tender.commands").description(commands).tags("kind", kind, "type", "mutating").register(r);
      reads = Counter.builder("tender.commands").description(commands).tags("kind", kind, "type", "read").register(r);
      replays = Counter.builder("tender.idempotent.replays")
          .description("Mutating requests answered with the recorded outcome of an earlier one with the same key").tag("kind", kind)
          .register(r);
      flushUnits = DistributionSummary.builder("tender.partition.flush.units")
          .description("Aggregates a partition wrote in one flush (its share of a group commit)").tag("kind", kind)
          .serviceLevelObjectives(UNIT_BUCKETS).register(r);
      flushLatency = latency("tender.partition.flush.latency", "From a partition's flush to its batch committed (replies wait for it)")
          .tag("kind", kind).register(r);
      timersDue = Counter.builder("tender.timers.due").description("Durable timers that came due on this node").tag("kind", kind)
          .register(r);
      timersFired = Counter.builder("tender.timers.fired").description("Durable timers whose rules ran (then their row is deleted)")
          .tag("kind", kind).register(r);
      outboxWritten = Counter.builder("tender.outbox.written").description("Outbox rows committed (commands to other kinds)")
          .tag("kind", kind).register(r);
      outboxDelivered = Counter.builder("tender.outbox.delivered").description("Outbox rows delivered and acknowledged")
          .tag("kind", kind).register(r);
      String changes = "Partitions this node started (gained) or stopped running (lost)";
      gained = Counter.builder("tender.partition.ownership.changes").description(changes).tags("kind", kind, "change", "gained")
          .register(r);
      lost = Counter.builder("tender.partition.ownership.changes").description(changes).tags("kind", kind, "change", "lost")
          .register(r);
      Gauge.builder("tender.partitions.owned", owned, AtomicInteger::get).description("Partitions this node runs")
          .tag("kind", kind).strongReference(true).register(r);
      Gauge.builder("tender.outbox.pending", outboxPending, AtomicLong::get)
          .description("Outbox rows committed and not yet acknowledged, in this node's partitions").tag("kind", kind)
          .strongReference(true).register(r);
    }

    public void command(boolean isMutating) {
      if (on) {
        (isMutating ? mutating : reads).increment();
      }
    }

    public void replayed(int n) {
      if (on) {
        replays.increment(n);
      }
    }

    /** A partition's flush: units written and the time to commit them. */
    public void flushed(int units, long nanos) {
      if (on) {
        flushUnits.record(units);
        flushLatency.record(nanos, TimeUnit.NANOSECONDS);
      }
    }

    public void timerDue() {
      if (on) {
        timersDue.increment();
      }
    }

    public void timerFired() {
      if (on) {
        timersFired.increment();
      }
    }

    public void outboxWritten(int rows) {
      if (on) {
        outboxWritten.increment(rows);
      }
    }

    public void outboxDelivered() {
      if (on) {
        outboxDelivered.increment();
      }
    }

    public void partitionGained() {
      if (on) {
        gained.increment();
      }
    }

    public void partitionLost() {
      if (on) {
        lost.increment();
      }
    }

    /** What the kind's keeper runs now, and the rows its partitions have yet to deliver. */
    public void running(int partitions, long pendingOutbox) {
      if (on) {
        owned.set(partitions);
        outboxPending.set(pendingOutbox);
      }
    }
  }
}
