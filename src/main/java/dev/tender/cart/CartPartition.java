package dev.tender.cart;

import dev.tender.cluster.Addresses;
import dev.tender.cluster.Heartbeat;
import dev.tender.cluster.OwnedPartition;
import dev.tender.store.Fence;
import dev.tender.store.PartitionOwnerStore;
import dev.tender.store.ShopperStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The actor that owns one partition of shoppers (carts and wishlists). Receives {@link CartCommand}s
 * from {@code cluster.CartRouter} on {@code tender.cart.<partition>}, replies {@link CartReply}.
 * All fields are confined to this verticle's event-loop context: no locks.
 *
 * <p>Write path (group commit): a command is applied to the in-memory shopper at once, and its
 * reply is parked; at the end of the event-loop turn every shopper changed since the last flush is
 * written in one store round trip, and the parked replies go out when it commits. Reads of a shopper
 * with an unsettled write also wait for it, so nobody sees a state that is not durable. At most one
 * write is in flight; commands arriving meanwhile form the next batch.
 *
 * <p>Ownership: on start the actor acquires its partition in the {@link PartitionOwnerStore}, which
 * bumps the partition's epoch, and only then registers its address. Every write carries that epoch. If
 * a write is refused and the epoch has moved on, another node owns the partition now: the actor stops
 * accepting commands (they fail with {@link #NOT_OWNER}, which senders retry) and reports itself lost.
 * Reads are guarded too: if the node's {@link Heartbeat} shows it may have been paused past failure
 * detection, the actor confirms its epoch in the store before it serves anything from memory again.
 * Stopping unregisters the address first and then waits for the writes in flight, so a graceful
 * handover never has two writers.
 */
public final class CartPartition extends VerticleBase implements OwnedPartition {
  /** The kind of partition in the ownership table. */
  public static final String KIND = "cart";
  /** Failure codes of replies; all mean "not applied, retry". */
  public static final int STORE_UNAVAILABLE = 503;
  public static final int WRITE_FENCED = 409;
  public static final int NOT_OWNER = 421;

  private static final Logger LOG = Logger.getLogger(CartPartition.class.getName());
  private static final long PASSIVATE_AFTER_MS = 5 * 60_000;

  private final int partition;
  private final String nodeId;
  private final PartitionOwnerStore owners;
  private final ShopperStore store;
  private final Heartbeat heartbeat;
  private final CartBehaviour behaviour;
  private final Clock clock;
  private final DeliveryOptions replyOptions = new DeliveryOptions().setCodecName(CartCodecs.REPLY);

  private final Map<UserId, Entry> entries = new HashMap<>();
  private List<Parked> batch = new ArrayList<>();
  private boolean flushScheduled;
  private boolean writing;
  private int loading;
  private Fence fence;
  private MessageConsumer<CartCommand> consumer;
  private Promise<Void> drained;
  private long confirmedAtMs;
  private boolean confirming;
  /** Read by the node's partition keeper from another thread. */
  private volatile boolean lost;

  /** One loaded shopper. {@code waiting} is non-null while it loads. */
  private static final class Entry {
    Shopper durable;
    Shopper current;
    boolean dirty;
    boolean evicted;
    int unsettled;
    long lastUsedMs;
    List<Message<CartCommand>> waiting = new ArrayList<>();
  }

  private record Parked(Message<CartCommand> message, Entry entry, CartReply reply) {}

  public CartPartition(int partition, String nodeId, PartitionOwnerStore owners, ShopperStore store,
                       Heartbeat heartbeat, CartBehaviour behaviour, Clock clock) {
    this.heartbeat = heartbeat;
    this.partition = partition;
    this.nodeId = nodeId;
    this.owners = owners;
    this.store = store;
    this.behaviour = behaviour;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(PASSIVATE_AFTER_MS, id -> passivateIdle());
    return owners.acquire(KIND, partition, nodeId).compose(epoch -> {
      fence = new Fence(KIND, partition, epoch);
      confirmedAtMs = clock.millis();
      consumer = vertx.eventBus().consumer(Addresses.cart(partition), this::onCommand);
      return consumer.completion();
    });
  }

  /** Stops taking commands, then waits for what was already taken to be written and answered. */
  @Override
  public Future<?> stop() {
    drained = Promise.promise();
    Future<Void> unregistered = consumer == null ? Future.succeededFuture() : consumer.unregister();
    return unregistered.compose(v -> {
      checkDrained();
      return drained.future();
    });
  }

  /** True once another node has taken this partition over; the keeper then undeploys this actor. */
  @Override
  public boolean lost() {
    return lost;
  }

  /** The epoch this actor owns its partition under (0 before it started). */
  @Override
  public long epoch() {
    Fence f = fence;
    return f == null ? 0 : f.epoch();
  }

  private void onCommand(Message<CartCommand> message) {
    if (lost) {
      message.fail(NOT_OWNER, "partition " + partition + " moved to another node; retry");
      return;
    }
    if (confirming || heartbeat.stale(clock.millis(), confirmedAtMs)) {
      // This node may have been paused past failure detection: serve nothing from memory until the
      // store confirms the partition is still ours. The sender retries.
      confirmOwnership();
      message.fail(NOT_OWNER, "partition " + partition + " is confirming its ownership; retry");
      return;
    }
    UserId key = message.body().owner();
    Entry entry = entries.get(key);
    if (entry == null) {
      Entry loading = new Entry();
      loading.waiting.add(message);
      entries.put(key, loading);
      this.loading++;
      store.load(key).onComplete(ar -> {
        this.loading--;
        List<Message<CartCommand>> waiting = loading.waiting;
        loading.waiting = null;
        if (ar.failed()) {
          entries.remove(key, loading);
          LOG.log(Level.WARNING, "partition " + partition + ": loading a shopper failed", ar.cause());
          waiting.forEach(m -> m.fail(STORE_UNAVAILABLE, "store unavailable: " + ar.cause().getMessage()));
        } else {
          loading.durable = loading.current = ar.result();
          waiting.forEach(m -> process(loading, m));
        }
        checkDrained();
      });
    } else if (entry.waiting != null) {
      entry.waiting.add(message);
    } else {
      process(entry, message);
    }
  }

  private void process(Entry entry, Message<CartCommand> message) {
    entry.lastUsedMs = clock.millis();
    CartBehaviour.Outcome outcome;
    try {
      outcome = behaviour.handle(entry.current, message.body(), clock.instant());
    } catch (RuntimeException bug) {
      LOG.log(Level.SEVERE, "partition " + partition + ": command " + message.body() + " failed", bug);
      message.fail(500, "internal error");
      return;
    }
    if (outcome.next() != null) {
      entry.current = outcome.next();
      entry.dirty = true;
    } else if (entry.unsettled == 0) {
      message.reply(outcome.reply(), replyOptions); // nothing pending for this shopper: answer now
      return;
    }
    entry.unsettled++;
    batch.add(new Parked(message, entry, outcome.reply()));
    scheduleFlush();
  }

  private void scheduleFlush() {
    if (!flushScheduled && !writing) {
      flushScheduled = true;
      context.runOnContext(v -> flush());
    }
  }

  private void flush() {
    flushScheduled = false;
    if (writing || batch.isEmpty()) {
      checkDrained();
      return;
    }
    List<Parked> parked = batch;
    batch = new ArrayList<>();
    Map<Entry, Shopper> writes = new LinkedHashMap<>();
    for (Parked p : parked) {
      Entry e = p.entry();
      if (e.dirty && !e.evicted) {
        e.current = e.current.atVersion(e.durable.version() + 1);
        e.dirty = false;
        writes.put(e, e.current);
      }
    }
    if (writes.isEmpty()) {
      settle(parked);
      return;
    }
    writing = true;
    List<Entry> written = new ArrayList<>(writes.keySet());
    store.writeAll(new ArrayList<>(writes.values()), fence).onComplete(ar -> {
      writing = false;
      if (ar.failed()) {
        LOG.log(Level.WARNING, "partition " + partition + ": write of " + written.size() + " shoppers failed", ar.cause());
        written.forEach(this::evict);
        parked.forEach(p -> fail(p, STORE_UNAVAILABLE, "store unavailable: " + ar.cause().getMessage()));
      } else {
        boolean[] applied = ar.result();
        boolean refused = false;
        for (int i = 0; i < applied.length; i++) {
          Entry e = written.get(i);
          if (applied[i]) {
            e.durable = writes.get(e);
          } else {
            refused = true;
            evict(e);
          }
        }
        settle(parked);
        if (refused) {
          confirmOwnership(); // a stale version (reload and go on) or a lost partition (step down)?
        }
      }
      scheduleFlush();
    });
  }

  /** Asks the store for the partition's epoch: still ours, or step down. Commands wait (fail, retried) meanwhile. */
  private void confirmOwnership() {
    if (confirming) {
      return;
    }
    confirming = true;
    owners.currentEpoch(KIND, partition).onComplete(ar -> {
      confirming = false;
      if (ar.succeeded() && ar.result() == fence.epoch()) {
        confirmedAtMs = clock.millis();
      } else if (ar.succeeded()) {
        stepDown(ar.result());
      }
    });
  }

  private void stepDown(long current) {
    if (!lost) {
      LOG.warning("partition " + partition + " on " + nodeId + ": epoch " + fence.epoch() + " superseded by " + current
          + "; no longer the owner");
      lost = true;
      entries.clear();
      if (consumer != null) {
        consumer.unregister();
      }
    }
  }

  private void checkDrained() {
    if (drained != null && !writing && batch.isEmpty() && loading == 0) {
      drained.tryComplete();
    }
  }

  /** Answers parked commands whose writes committed; fails those of evicted shoppers. */
  private void settle(List<Parked> parked) {
    for (Parked p : parked) {
      if (p.entry().evicted) {
        fail(p, WRITE_FENCED, "the shopper changed elsewhere; retry");
      } else {
        p.entry().unsettled--;
        p.message().reply(p.reply(), replyOptions);
      }
    }
  }

  private void fail(Parked p, int code, String why) {
    p.entry().unsettled--;
    p.message().fail(code, why);
  }

  /** Forgets a shopper whose in-memory state is no longer known to be durable; the next command reloads it. */
  private void evict(Entry e) {
    e.evicted = true;
    entries.remove(e.current.id(), e);
  }

  private void passivateIdle() {
    long cutoff = clock.millis() - PASSIVATE_AFTER_MS;
    entries.values().removeIf(e -> e.waiting == null && e.unsettled == 0 && e.lastUsedMs < cutoff);
  }
}
