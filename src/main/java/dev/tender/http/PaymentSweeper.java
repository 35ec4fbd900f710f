package dev.tender.http;

import dev.tender.cluster.Documents;
import dev.tender.cluster.PartitionRouter;
import dev.tender.config.TenderConfig;
import dev.tender.order.Order;
import dev.tender.order.OrderBehaviour;
import dev.tender.order.OrderCommand;
import dev.tender.order.OrderReply;
import dev.tender.payment.PayuHash;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles payment attempts nobody asked about: every {@code payment_sweep_seconds} it reads a page of
 * orders whose open attempt is older than {@code payment_reconcile_after_seconds} ({@link Documents#needingAttention},
 * the instant {@link OrderBehaviour#reconcileAt} stored with each order) and puts each through the same
 * {@link PayuReconciler} a storefront's payment-status poll uses, at most {@link #PARALLEL} at once, all
 * asynchronously. A success or failure PayU reports is fed to the order as its callback would have been; an
 * attempt PayU does not know or reports pending, or whose enquiry failed, keeps its attention instant and is
 * asked again on a later sweep.
 *
 * <p>Each node sweeps only the orders whose partition it runs at that moment (its order keeper's snapshot),
 * so a cluster asks about each attempt once per sweep. An order moving between nodes may be skipped by both
 * for a sweep, or (briefly) seen by both: either is harmless, as {@code verify_payment} only reads and the
 * order applies a callback at most once (a repeat answers it as it is).
 *
 * <p>Pages go round: each sweep reads {@link #PAGE} due orders after where the previous one stopped, and
 * starts again from the oldest once it reached the end, so orders PayU keeps calling unknown (abandoned
 * checkouts) never starve newer ones; with {@code n} such orders each is asked about every {@code n / 100}
 * sweeps. They leave the sweep when the order is paid, fails, is retried or cancels itself when its holds'
 * time is up.
 */
public final class PaymentSweeper {
  private static final Logger LOG = LoggerFactory.getLogger(PaymentSweeper.class);
  static final int PAGE = 100;
  static final int PARALLEL = 4;

  private final Vertx vertx;
  private final Documents<Order> store;
  private final PayuReconciler reconciler;
  private final String ownGateway;
  private final Predicate<String> runsHere;
  private final Clock clock;
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile boolean stopped;
  private volatile long timer = -1;
  /** The last order of the previous page; null: the next sweep starts from the oldest. Touched by one sweep at a time. */
  private volatile Documents.Due<?> cursor;

  private PaymentSweeper(Vertx vertx, Documents<Order> store, PayuReconciler reconciler, String ownGateway,
                         Predicate<String> runsHere, Clock clock) {
    this.vertx = vertx;
    this.store = store;
    this.reconciler = reconciler;
    this.ownGateway = ownGateway;
    this.runsHere = runsHere;
    this.clock = clock;
  }

  /**
   * Starts sweeping every {@code config.paymentSweep()} (zero: never; the sweeper is then idle);
   * {@link #stop()} ends it.
   *
   * @param runsHere whether this node currently runs the partition of an order number
   */
  public static PaymentSweeper start(Vertx vertx, TenderConfig config, PartitionRouter<OrderCommand, OrderReply> orders,
                                     Documents<Order> store, Predicate<String> runsHere, Clock clock) {
    PayuReconciler reconciler = new PayuReconciler(vertx, orders, new PayuHash(config.payuKey(), config.payuSalt()), config.payuKey(),
        config.payuUrl(), config.paymentReconcileAfter(), clock);
    PaymentSweeper sweeper = new PaymentSweeper(vertx, store, reconciler, ownGateway(config), runsHere, clock);
    long ms = config.paymentSweep().toMillis();
    if (ms > 0) {
      sweeper.timer = vertx.setPeriodic(ms, ms, id -> sweeper.runOnce());
    }
    return sweeper;
  }

  /** This node's test gateway as the node itself reaches it (asked only when no PayU URL is configured). */
  static String ownGateway(TenderConfig config) {
    String host = config.host();
    if (host.isBlank() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
      host = "127.0.0.1";
    }
    return "http://" + host + ":" + config.port() + "/sim/payu";
  }

  /** Stops the timer; a sweep under way ends after the orders it is asking about. */
  public void stop() {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    reconciler.close();
  }

  /** One sweep: one page of due orders. Answers how many of this node's orders it asked about; 0 if a sweep is under way. */
  Future<Integer> runOnce() {
    if (stopped || !running.compareAndSet(false, true)) {
      return Future.succeededFuture(0);
    }
    Instant now = clock.instant();
    return store.needingAttention(now, cursor, PAGE).compose(page -> {
      cursor = page.size() < PAGE ? null : page.get(page.size() - 1);
      List<Order> mine = new ArrayList<>(page.size());
      for (Documents.Due<Order> due : page) {
        if (runsHere.test(due.key())) {
          mine.add(due.state());
        }
      }
      return reconcileAll(mine);
    }).onComplete(ar -> {
      running.set(false);
      if (ar.succeeded()) {
        if (ar.result() > 0) {
          LOG.debug("payment sweep asked about {} open attempts", ar.result());
        }
      } else if (!stopped) {
        LOG.warn("payment sweep failed (tried again next sweep): {}", String.valueOf(ar.cause()));
      }
    });
  }

  /** Reconciles the orders, at most {@link #PARALLEL} at a time; never fails (the reconciler answers the order as it was). */
  private Future<Integer> reconcileAll(List<Order> orders) {
    AtomicInteger next = new AtomicInteger();
    List<Future<Void>> workers = new ArrayList<>(PARALLEL);
    for (int i = 0; i < Math.min(PARALLEL, orders.size()); i++) {
      workers.add(worker(orders, next));
    }
    return Future.join(workers).map(v -> orders.size());
  }

  private Future<Void> worker(List<Order> orders, AtomicInteger next) {
    int i = next.getAndIncrement();
    if (stopped || i >= orders.size()) {
      return Future.succeededFuture();
    }
    Order o = orders.get(i);
    return reconciler.reconciled(ownGateway, o).<Void>mapEmpty().otherwiseEmpty().compose(v -> worker(orders, next));
  }
}
