package dev.tender.promo;

import dev.tender.cluster.Documents;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's copy of every promotion, so that pricing a cart asks no partition: an immutable list
 * (ordered by id) behind a volatile field, read by the cart partitions and the HTTP routes. It is
 * loaded from the promotion kind's documents ({@link Documents#all()}, non-blocking) when the node
 * starts, again every {@link #REFRESH}, and at once when a node's admin API changes a promotion: that
 * node reloads before it answers and publishes {@link #CHANGED} on the event bus, which every node
 * listens to (the message only triggers a reload). So a change reaches every node within the refresh
 * interval, usually within milliseconds, and the node that made it before the operator sees the answer.
 */
public final class Promotions {
  private static final Logger LOG = LoggerFactory.getLogger(Promotions.class);
  /** Published (body: the promotion id) when a promotion was created or changed. */
  public static final String CHANGED = "tender.promotions.changed";
  /** The longest a change takes to reach a node that missed its announcement. */
  public static final Duration REFRESH = Duration.ofSeconds(5);

  private final Documents<PromotionState> store;
  private volatile List<Promotion> all;
  /** Reloads started and the newest one applied: an older read finishing late never replaces a newer one. */
  private final AtomicLong started = new AtomicLong();
  private long applied;
  private Vertx vertx;
  private long timer = -1;
  private MessageConsumer<Object> consumer;

  private Promotions(Documents<PromotionState> store, List<Promotion> initial) {
    this.store = store;
    this.all = sorted(initial);
  }

  /** A snapshot of {@code store}, empty until the first {@link #reload()}. */
  public static Promotions of(Documents<PromotionState> store) {
    return new Promotions(store, List.of());
  }

  /** A fixed set (tests, tools): {@link #reload()} keeps it. */
  public static Promotions fixed(List<Promotion> promotions) {
    return new Promotions(null, promotions);
  }

  public static Promotions none() {
    return fixed(List.of());
  }

  /** Every promotion this node knows, disabled and expired ones included, ordered by id. */
  public List<Promotion> all() {
    return all;
  }

  /** The promotions that apply at {@code now} (not disabled, {@code startsAt <= now < expiresAt}), ordered by id. */
  public List<Promotion> activeAt(Instant now) {
    List<Promotion> known = all;
    if (known.isEmpty()) {
      return known;
    }
    List<Promotion> active = new ArrayList<>(known.size());
    for (Promotion p : known) {
      if (p.activeAt(now)) {
        active.add(p);
      }
    }
    return active;
  }

  /** Every stored promotion, read from the store now (not the snapshot). */
  public Future<List<Promotion>> stored() {
    if (store == null) {
      return Future.succeededFuture(all);
    }
    return store.all().map(states -> sorted(states.stream().filter(PromotionState::exists).map(PromotionState::promotion).toList()));
  }

  /** Reads the store and replaces the snapshot (unless a reload started later already did). */
  public Future<Void> reload() {
    long seq = started.incrementAndGet();
    return stored().map(list -> {
      synchronized (this) {
        if (seq > applied) {
          applied = seq;
          all = list;
        }
      }
      return null;
    });
  }

  /** Loads the snapshot, then keeps it fresh: every {@link #REFRESH} and on every {@link #CHANGED} message. */
  public Future<Void> start(Vertx vertx) {
    this.vertx = vertx;
    consumer = vertx.eventBus().consumer(CHANGED, m -> reload().onFailure(e -> LOG.warn("promotions: reload failed: {}", e.toString())));
    timer = vertx.setPeriodic(REFRESH.toMillis(), id -> reload().onFailure(e -> LOG.debug("promotions: refresh failed: {}", e.toString())));
    return reload().recover(e -> {
      LOG.warn("promotions: first load failed, retried every {} s: {}", REFRESH.toSeconds(), e.toString());
      return Future.succeededFuture();
    });
  }

  public void stop() {
    if (vertx != null) {
      vertx.cancelTimer(timer);
      if (consumer != null) {
        consumer.unregister();
      }
    }
  }

  /** Tells every node (this one included) that promotion {@code id} changed. */
  public static void announce(Vertx vertx, String id) {
    vertx.eventBus().publish(CHANGED, id);
  }

  private static List<Promotion> sorted(List<Promotion> list) {
    return list.stream().sorted(Comparator.comparing(Promotion::id)).toList();
  }
}
