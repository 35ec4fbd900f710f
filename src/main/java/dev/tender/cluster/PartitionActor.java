package dev.tender.cluster;

import dev.tender.cluster.AggregateStore.StagedWrite;
import dev.tender.cluster.PartitionStore.IdempotencyRecord;
import dev.tender.cluster.PartitionStore.OutboxRow;
import dev.tender.cluster.PartitionStore.Result;
import dev.tender.cluster.PartitionStore.TimerChange;
import dev.tender.cluster.PartitionStore.TimerRow;
import dev.tender.cluster.PartitionStore.Unit;
import dev.tender.logging.Logs;
import dev.tender.metrics.TenderMetrics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The actor that owns one partition of one kind: the only code that changes the aggregates in it.
 * Receives {@link Request}s from {@link PartitionRouter}s on {@code tender.<kind>.<partition>} and
 * answers {@link Response}s; every field is confined to this verticle's event-loop context.
 *
 * <p>Write path (group commit): a command is decided at once against the in-memory aggregate and its
 * reply parked; at the end of the event-loop turn every aggregate changed since the last flush becomes
 * one {@link Unit} (its staged change, the idempotency records of its commands, its timer changes and
 * outbox rows) and the whole batch commits in one store round trip, fenced by the partition's epoch.
 * Parked replies go out only after that. Reads of an aggregate with an unsettled write wait for it, so
 * nobody sees a state that is not durable. At most one batch is in flight.
 *
 * <p>Idempotency: the outcome of every mutating request is recorded with its key and fingerprint in
 * the same transaction as its effects. A repeat is answered from the record (from memory for a request
 * still in flight or recently answered, else from the store), never decided again; the same key with
 * another fingerprint is answered {@link Response.KeyReused}.
 *
 * <p>Timers are rows; the owner arms those due within {@link #TIMER_WINDOW_MS} and rescans, so a new
 * owner picks up what the old one set. A firing deletes its row (only at its generation) in the
 * transaction of what it decided, so it acts at most once. Outbox rows are relayed after commit, in
 * order per destination, until acknowledged; the receiver dedupes by the row's key.
 *
 * <p>Ownership: the actor acquires its partition under a lease (bumping the epoch) before it takes
 * commands, and serves nothing, reads included, nor fires a timer once its lease lapsed by its own
 * monotonic clock ({@link #leaseValidUntil}; the keeper renews it, see {@link Leases}): a paused or
 * cut-off owner stops answering before another member can acquire. The epoch fence on writes stays the
 * last line of defence: a refused write makes it confirm the epoch, and if the epoch moved on it steps
 * down ({@link #lost()}). Stopping unregisters first, then waits for the writes in flight.
 */
public final class PartitionActor<S, C, R> extends VerticleBase implements OwnedPartition {
  private static final Logger LOG = LoggerFactory.getLogger(PartitionActor.class);
  static final long PASSIVATE_AFTER_MS = 5 * 60_000;
  /** Timers due within this window are armed in memory; the rest wait in the store for a rescan. */
  static final long TIMER_WINDOW_MS = 60_000;
  static final long PRUNE_EVERY_MS = 30_000;
  /** How long an outcome is replayed to a retry with a client's key (or an outbox row's). */
  static final Duration RECORD_TTL = Duration.ofHours(24);
  /**
   * How long a server-minted key's outcome is kept: only the router repeats such a key, within the
   * request's deadline, so a minute is plenty, and durable add-items do not pile up for a day.
   */
  static final Duration MINTED_RECORD_TTL = Duration.ofMinutes(1);
  /** Commands waiting (parked, loading, looking up) per partition before new ones fail fast. */
  public static final int MAX_QUEUED = 4_096;
  /** A batch in flight this long means the store is stalled: new commands fail fast. */
  static final long STALLED_AFTER_MS = 1_500;
  /** Recently answered requests with a client's key, kept to replay without a store read. */
  private static final int RECENT_OUTCOMES = 256;
  private static final long MAX_RELAY_BACKOFF_MS = 30_000;

  private final int partition;
  private final String nodeId;
  private final Kind<C, R> kind;
  private final Behaviour<S, C, R> behaviour;
  private final AggregateStore<S> store;
  private final PartitionStore runtimeStore;
  private final PartitionOwnerStore owners;
  private final Routers routers;
  private final long leaseMs;
  private final Clock clock;
  private final DeliveryOptions replyOptions;
  private final TenderMetrics.KindMeters meters;
  private final KindRuntime.Transitions<S> transitions;

  private final Map<String, Entry> entries = new HashMap<>();
  private final Map<String, Pending> inFlight = new HashMap<>();
  /** Only clients' keys: a minted key is repeated by the router alone, which marks the repeat for a store lookup. */
  private final Map<String, Recorded> recent = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Recorded> eldest) {
      return size() > RECENT_OUTCOMES;
    }
  };
  private final Map<String, Armed> armed = new HashMap<>();
  private final Map<String, ArrayDeque<OutboxRow>> relays = new HashMap<>();
  private final List<Long> deliveredSeqs = new ArrayList<>();
  private List<Parked> batch = new ArrayList<>();
  private boolean flushScheduled;
  private boolean writing;
  private long writeStartedMs;
  private int waiting;
  private long counter;
  private Fence fence;
  private MessageConsumer<Request<C>> consumer;
  private Promise<Void> drained;
  private boolean confirming;
  /** {@link System#nanoTime} when the lease stops being trusted; written by the keeper's renewals. */
  private volatile long leaseUntilNanos;
  private boolean stopping;
  /** Read by the node's partition keeper from another thread. */
  private volatile boolean lost;
  /** Outbox rows queued in {@link #relays}; written on this context only, read by the keeper for the metrics. */
  private volatile int outboxPending;

  /** One loaded aggregate, and what it changed since the last flush. {@code waiting} is non-null while it loads. */
  private final class Entry {
    final String key;
    S durable;
    S current;
    long version;
    boolean dirty;
    boolean evicted;
    String rejected;
    /** Its change could not even be staged (a bug): its commands fail as internal errors. */
    boolean broken;
    int unsettled;
    long lastUsedMs;
    List<Waiter> waiting = new ArrayList<>();
    List<IdempotencyRecord> records = new ArrayList<>();
    Map<String, TimerChange> timers = new LinkedHashMap<>();
    List<OutboxRow> outbox = new ArrayList<>();

    Entry(String key) {
      this.key = key;
    }

    boolean hasWork() {
      return dirty || !records.isEmpty() || !timers.isEmpty() || !outbox.isEmpty();
    }
  }

  /** A decided command (or timer) waiting for its batch to commit. {@code message} is null for a timer. */
  private final class Parked {
    final Entry entry;
    final Message<Request<C>> message;
    final R reply;
    final String requestId;
    final boolean minted;

    Parked(Entry entry, Message<Request<C>> message, R reply, String requestId) {
      this.entry = entry;
      this.message = message;
      this.reply = reply;
      this.requestId = requestId;
      this.minted = message != null && message.body().minted();
    }
  }

  /** Work queued behind an aggregate's load, and whom to tell if the load fails. */
  private record Waiter(Runnable work, Message<?> message) {}

  /** A mutating request decided and not yet committed: repeats arriving meanwhile wait for its outcome. */
  private static final class Pending {
    final byte[] fingerprint;
    final List<Message<?>> repeats = new ArrayList<>();

    Pending(byte[] fingerprint) {
      this.fingerprint = fingerprint;
    }
  }

  private record Recorded(byte[] fingerprint, Object reply) {}

  private record Armed(long generation, long timerId) {}

  private final class Staged {
    final Unit unit;
    final S after;
    final boolean dirty;

    Staged(Unit unit, S after, boolean dirty) {
      this.unit = unit;
      this.after = after;
      this.dirty = dirty;
    }
  }

  public PartitionActor(KindRuntime<S, C, R> runtime, int partition, String nodeId, PartitionStore runtimeStore,
                        PartitionOwnerStore owners, Routers routers, long leaseMs, Clock clock) {
    this(runtime, partition, nodeId, runtimeStore, owners, routers, leaseMs, clock, TenderMetrics.OFF.kind(runtime.kind().name()));
  }

  /** @param meters the kind's meters ({@link TenderMetrics#kind}) */
  public PartitionActor(KindRuntime<S, C, R> runtime, int partition, String nodeId, PartitionStore runtimeStore,
                        PartitionOwnerStore owners, Routers routers, long leaseMs, Clock clock, TenderMetrics.KindMeters meters) {
    this.meters = meters;
    this.transitions = runtime.transitions();
    this.kind = runtime.kind();
    this.behaviour = runtime.behaviour();
    this.store = runtime.store();
    this.partition = partition;
    this.nodeId = nodeId;
    this.runtimeStore = runtimeStore;
    this.owners = owners;
    this.routers = routers;
    this.leaseMs = leaseMs;
    this.clock = clock;
    this.replyOptions = new DeliveryOptions().setCodecName(kind.responseCodecName());
  }

  /**
   * Acquires the partition under a lease of the constructor's {@code leaseMs}; fails with
   * {@link OwnedPartition.HeldElsewhere} while another node's lease runs.
   */
  @Override
  public Future<?> start() {
    long sent = System.nanoTime();
    return owners.acquire(kind.name(), partition, nodeId, leaseMs).compose(acquired -> {
      if (acquired.isEmpty()) {
        return Future.failedFuture(new HeldElsewhere(kind.name(), partition));
      }
      long epoch = acquired.getAsLong();
      leaseUntilNanos = Leases.trustedUntil(sent, leaseMs);
      fence = new Fence(kind.name(), partition, epoch);
      counter = epoch << 40; // generations and outbox seqs: unique across owners, growing with the epoch
      vertx.setPeriodic(PASSIVATE_AFTER_MS, id -> passivateIdle());
      vertx.setPeriodic(TIMER_WINDOW_MS / 2, id -> rescanTimers());
      vertx.setPeriodic(PRUNE_EVERY_MS, id -> pruneRecords());
      consumer = vertx.eventBus().consumer(Addresses.partition(kind.name(), partition), this::onRequest);
      return consumer.completion();
    }).compose(v -> runtimeStore.outbox(kind.name(), partition)).map(rows -> {
      rows.forEach(this::relay); // whatever an earlier owner committed and did not see acknowledged
      rescanTimers();
      pruneRecords();
      return null;
    });
  }

  /** Stops taking commands, then waits for what was already taken to be written and answered. */
  @Override
  public Future<?> stop() {
    stopping = true;
    drained = Promise.promise();
    armed.values().forEach(a -> vertx.cancelTimer(a.timerId()));
    armed.clear();
    Future<Void> unregistered = consumer == null ? Future.succeededFuture() : consumer.unregister();
    return unregistered.compose(v -> {
      checkDrained();
      return drained.future();
    });
  }

  @Override
  public boolean lost() {
    return lost;
  }

  @Override
  public long epoch() {
    Fence f = fence;
    return f == null ? 0 : f.epoch();
  }

  @Override
  public void leaseValidUntil(long nanoTime) {
    leaseUntilNanos = nanoTime;
  }

  @Override
  public int outboxPending() {
    return outboxPending;
  }

  @Override
  public void takenOver() {
    context.runOnContext(v -> stepDown("its lease was taken over"));
  }

  private boolean leaseLapsed() {
    return Leases.lapsed(leaseUntilNanos, System.nanoTime());
  }

  /**
   * Fails the message (retryable) unless this actor may serve: not stepped down, lease valid, and no
   * refused write waiting for the store to confirm the epoch.
   */
  private boolean refused(Message<?> message) {
    if (lost) {
      message.fail(Failures.NOT_OWNER, kind.name() + " partition " + partition + " moved to another node; retry");
      return true;
    }
    if (confirming || leaseLapsed()) {
      message.fail(Failures.NOT_OWNER, kind.name() + " partition " + partition + " is not sure it still owns it; retry");
      return true;
    }
    return false;
  }

  // ---- commands -------------------------------------------------------------------------------

  private void onRequest(Message<Request<C>> message) {
    if (refused(message)) {
      return;
    }
    Request<C> request = message.body();
    meters.command(request.mutating());
    String key = kind.keyOf().apply(request.command());
    Entry entry = entries.get(key);
    boolean queues = entry == null || entry.waiting != null || request.mutating() || entry.unsettled > 0;
    if (queues && (waiting + batch.size() >= MAX_QUEUED || (writing && clock.millis() - writeStartedMs > STALLED_AFTER_MS))) {
      message.fail(Failures.OVERLOADED, kind.name() + " partition " + partition + " is overloaded (its store is slow); retry later");
      return;
    }
    String requestId = request.mutating() ? requestId(request) : null;
    if (requestId != null && request.mayRepeat() && !inFlight.containsKey(requestId) && !recent.containsKey(requestId)) {
      // Maybe applied before (a retry, a client's key): look for its recorded outcome first.
      waiting++;
      runtimeStore.findRecord(request.scope(), request.key()).onComplete(ar -> {
        waiting--;
        if (ar.failed()) {
          message.fail(Failures.STORE_UNAVAILABLE, "store unavailable: " + ar.cause().getMessage());
        } else if (ar.result() != null) {
          IdempotencyRecord r = ar.result();
          answerFromRecord(message, r.fingerprint(), kind.replies().fromBytes(r.reply()));
        } else {
          withEntry(key, () -> processCommand(entries.get(key), message, requestId), message);
        }
        checkDrained();
      });
      return;
    }
    withEntry(key, () -> processCommand(entries.get(key), message, requestId), message);
  }

  /** Runs {@code work} once the aggregate is loaded, in arrival order; a failed load fails {@code message}. */
  private void withEntry(String key, Runnable work, Message<?> message) {
    Entry entry = entries.get(key);
    if (entry != null && entry.waiting == null) {
      work.run();
      return;
    }
    waiting++;
    if (entry != null) {
      entry.waiting.add(new Waiter(work, message));
      return;
    }
    Entry loading = new Entry(key);
    loading.waiting.add(new Waiter(work, message));
    entries.put(key, loading);
    store.load(key).onComplete(ar -> {
      List<Waiter> queued = loading.waiting;
      loading.waiting = null;
      waiting -= queued.size();
      if (ar.failed()) {
        entries.remove(key, loading);
        log(Level.WARN).setCause(ar.cause()).log("loading {} failed", Logs.maskDigits(key));
        for (Waiter w : queued) {
          if (w.message() != null) {
            w.message().fail(Failures.STORE_UNAVAILABLE, "store unavailable: " + ar.cause().getMessage());
          }
        }
      } else {
        loading.durable = loading.current = ar.result().state();
        loading.version = ar.result().version();
        queued.forEach(w -> w.work().run());
      }
      checkDrained();
    });
  }

  /** Decides a command against its loaded aggregate; {@code requestId} is null for a read. */
  private void processCommand(Entry entry, Message<Request<C>> message, String requestId) {
    if (refused(message)) {
      return; // the lease lapsed while it waited for a load or a lookup
    }
    Request<C> request = message.body();
    entry.lastUsedMs = clock.millis();
    if (requestId != null) {
      Pending pending = inFlight.get(requestId);
      if (pending != null) {
        if (Arrays.equals(pending.fingerprint, request.fingerprint())) {
          pending.repeats.add(message); // answered with the original's outcome
        } else {
          message.reply(new Response.KeyReused<R>(), replyOptions);
        }
        return;
      }
      Recorded done = recent.get(requestId);
      if (done != null) {
        answerFromRecord(message, done.fingerprint(), done.reply());
        return;
      }
    }
    Instant now = clock.instant();
    Decision<S, R> decision;
    try {
      // The ids' base is only built if the decision asks for an id: reads never do.
      decision = behaviour.decide(entry.current, request.command(), DecisionContext.of(now, () -> request.key() == null
          ? kind.name() + "/" + entry.key + "/" + now : request.scope() + "/" + request.key()));
    } catch (RuntimeException bug) {
      // The command's type only: its fields can be secrets (gift-card PINs, password hashes, OTP tokens).
      log(Level.ERROR).addKeyValue("request_id", request.key()).setCause(bug)
          .log("command {} failed", request.command().getClass().getSimpleName());
      message.fail(Failures.INTERNAL, "internal error");
      return;
    }
    apply(entry, decision, now);
    if (requestId != null) {
      inFlight.put(requestId, new Pending(request.fingerprint()));
      entry.records.add(new IdempotencyRecord(request.scope(), request.key(), kind.name(), partition,
          request.fingerprint(), kind.replies().toBytes(decision.reply()), now,
          now.plus(request.minted() ? MINTED_RECORD_TTL : RECORD_TTL)));
    } else if (!decision.hasEffects() && entry.unsettled == 0) {
      message.reply(new Response.Done<>(decision.reply(), false), replyOptions); // nothing pending: answer now
      return;
    }
    park(entry, new Parked(entry, message, decision.reply(), requestId));
  }

  private void answerFromRecord(Message<Request<C>> message, byte[] fingerprint, Object reply) {
    if (Arrays.equals(fingerprint, message.body().fingerprint())) {
      @SuppressWarnings("unchecked") R r = (R) reply;
      message.reply(new Response.Done<>(r, true), replyOptions);
      meters.replayed(1);
    } else {
      message.reply(new Response.KeyReused<R>(), replyOptions);
    }
  }

  private void apply(Entry entry, Decision<S, R> decision, Instant now) {
    if (decision.next() != null) {
      entry.current = decision.next();
      entry.dirty = true;
    }
    for (Decision.TimerOp t : decision.timers()) {
      entry.timers.put(t.name(), new TimerChange(entry.key, t.name(), t.due(), t.due() == null ? -1 : ++counter));
    }
    for (Decision.Send s : decision.sends()) {
      entry.outbox.add(outboxRow(s));
    }
  }

  @SuppressWarnings("unchecked")
  private <X> OutboxRow outboxRow(Decision.Send send) {
    Kind<X, ?> dest = (Kind<X, ?>) send.kind();
    X command = (X) send.command();
    return new OutboxRow(++counter, dest.name(), dest.keyOf().apply(command), dest.commands().toBytes(command));
  }

  private String requestId(Request<C> r) {
    return r.scope() + '\u0000' + r.key();
  }

  /** A log event naming this partition: the key-value pairs {@code kind} and {@code partition} (JSON fields). */
  private LoggingEventBuilder log(Level level) {
    return LOG.atLevel(level).addKeyValue("kind", kind.name()).addKeyValue("partition", partition);
  }

  private void park(Entry entry, Parked parked) {
    entry.unsettled++;
    batch.add(parked);
    scheduleFlush();
  }

  // ---- group commit ---------------------------------------------------------------------------

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
    Map<Entry, Staged> staged = new LinkedHashMap<>();
    for (Parked p : parked) {
      Entry e = p.entry;
      if (!staged.containsKey(e) && !e.evicted && e.hasWork()) {
        StagedWrite write;
        try {
          write = e.dirty ? store.stage(e.key, e.durable, e.current, e.version, fence.epoch()) : null;
        } catch (RuntimeException bug) {
          // This aggregate alone fails (its commands answer 500 and it reloads); the rest of the batch goes on.
          log(Level.ERROR).setCause(bug).log("staging a write of {} failed", Logs.maskDigits(e.key));
          e.broken = true;
          evict(e, null);
          continue;
        }
        staged.put(e, new Staged(new Unit(e.key, write, e.records, List.copyOf(e.timers.values()), e.outbox), e.current, e.dirty));
        e.records = new ArrayList<>();
        e.timers = new LinkedHashMap<>();
        e.outbox = new ArrayList<>();
        e.dirty = false;
      }
    }
    if (staged.isEmpty()) {
      settle(parked);
      checkDrained();
      return;
    }
    writing = true;
    writeStartedMs = clock.millis();
    List<Entry> written = new ArrayList<>(staged.keySet());
    List<Unit> units = staged.values().stream().map(st -> st.unit).toList();
    long started = System.nanoTime();
    runtimeStore.commit(fence, units).onComplete(ar -> {
      writing = false;
      meters.flushed(units.size(), System.nanoTime() - started);
      if (ar.failed()) {
        log(Level.WARN).setCause(ar.cause()).log("write of {} aggregates failed", written.size());
        written.forEach(e -> evict(e, null));
        for (Parked p : parked) {
          if (p.entry.broken) {
            fail(p, Failures.INTERNAL, "internal error");
          } else {
            fail(p, Failures.STORE_UNAVAILABLE, "store unavailable: " + ar.cause().getMessage());
          }
        }
      } else {
        boolean refused = false;
        for (int i = 0; i < written.size(); i++) {
          Entry e = written.get(i);
          Staged s = staged.get(e);
          Result result = ar.result().get(i);
          switch (result.verdict()) {
            case COMMITTED -> {
              S before = e.durable;
              e.durable = s.after;
              if (s.dirty) {
                e.version++;
                if (transitions != null) {
                  transitions.committed(before, s.after);
                }
              }
              committed(s.unit);
            }
            case REFUSED -> {
              refused = true;
              evict(e, null);
            }
            case REJECTED -> {
              log(Level.WARN).log("the store rejected a write of {}: {}", Logs.maskDigits(e.key), Logs.maskDigits(result.why()));
              evict(e, result.why());
            }
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

  /** Answers parked commands whose writes committed; fails those of evicted aggregates. */
  private void settle(List<Parked> parked) {
    for (Parked p : parked) {
      Entry e = p.entry;
      if (e.evicted) {
        if (e.broken) {
          fail(p, Failures.INTERNAL, "internal error");
        } else if (e.rejected != null) {
          fail(p, Failures.WRITE_REJECTED, "the store refused this change: " + e.rejected);
        } else {
          fail(p, Failures.WRITE_FENCED, "the aggregate changed elsewhere; retry");
        }
        continue;
      }
      e.unsettled--;
      if (p.message == null) {
        continue; // a timer: nobody to answer
      }
      p.message.reply(new Response.Done<>(p.reply, false), replyOptions);
      if (p.requestId != null) {
        Pending pending = inFlight.remove(p.requestId);
        Response.Done<R> replayed = new Response.Done<>(p.reply, true);
        pending.repeats.forEach(m -> m.reply(replayed, replyOptions));
        if (!pending.repeats.isEmpty()) {
          meters.replayed(pending.repeats.size());
        }
        if (!p.minted) {
          recent.put(p.requestId, new Recorded(pending.fingerprint, p.reply));
        }
      }
    }
  }

  private void fail(Parked p, int code, String why) {
    p.entry.unsettled--;
    if (p.message != null) {
      p.message.fail(code, why);
    }
    if (p.requestId != null) {
      Pending pending = inFlight.remove(p.requestId);
      if (pending != null) {
        pending.repeats.forEach(m -> m.fail(code, why));
      }
    }
  }

  /** Forgets an aggregate whose in-memory state is no longer known to be durable; the next command reloads it. */
  private void evict(Entry e, String rejected) {
    e.evicted = true;
    e.rejected = rejected;
    entries.remove(e.key, e);
  }

  /** After commit: arm or cancel timers, relay the outbox. */
  private void committed(Unit unit) {
    for (TimerChange t : unit.timers()) {
      if (t.due() != null) {
        arm(t.key(), t.name(), t.due(), t.generation());
      } else {
        Armed a = armed.remove(timerId(t.key(), t.name()));
        if (a != null) {
          vertx.cancelTimer(a.timerId());
        }
      }
    }
    if (!unit.outbox().isEmpty()) {
      meters.outboxWritten(unit.outbox().size());
      unit.outbox().forEach(this::relay);
    }
  }

  // ---- timers ---------------------------------------------------------------------------------

  private static String timerId(String key, String name) {
    return key + '\u0000' + name;
  }

  private void arm(String key, String name, Instant due, long generation) {
    String id = timerId(key, name);
    Armed old = armed.get(id);
    if (old != null) {
      if (old.generation() == generation) {
        return;
      }
      vertx.cancelTimer(old.timerId());
      armed.remove(id);
    }
    long delay = Math.max(1, due.toEpochMilli() - clock.millis());
    if (delay > TIMER_WINDOW_MS || stopping || lost) {
      return; // a rescan arms it when it comes near
    }
    long timerId = vertx.setTimer(delay, t -> {
      meters.timerDue(); // deferrals (lease unsure) call onTimer again without counting
      onTimer(key, name, generation);
    });
    armed.put(id, new Armed(generation, timerId));
  }

  private void onTimer(String key, String name, long generation) {
    Armed a = armed.get(timerId(key, name));
    if (stopping || lost || a == null || a.generation() != generation) {
      return;
    }
    if (confirming || leaseLapsed() || waiting + batch.size() >= MAX_QUEUED) {
      // Not now; look again in a tick. The row stays, so if this owner is gone its successor fires it. A
      // full queue holds timers back as it refuses commands, which bounds the changes not yet written.
      armed.put(timerId(key, name), new Armed(generation, vertx.setTimer(Leases.TICK_MS, t -> onTimer(key, name, generation))));
      return;
    }
    armed.remove(timerId(key, name));
    withEntry(key, () -> processTimer(entries.get(key), name, generation), null);
  }

  private void processTimer(Entry entry, String name, long generation) {
    if (entry == null || lost) {
      return; // its load failed; the row stays and a rescan fires it again
    }
    Instant now = clock.instant();
    Decision<S, R> decision;
    try {
      decision = behaviour.onTimer(entry.current, name,
          DecisionContext.of(now, () -> "timer/" + kind.name() + "/" + entry.key + "/" + name + "/" + generation));
    } catch (RuntimeException bug) {
      log(Level.ERROR).setCause(bug).log("timer {} of {} failed", name, Logs.maskDigits(entry.key));
      return;
    }
    meters.timerFired();
    // The firing deletes its row, unless the decision sets the timer again (then the set replaces it).
    entry.timers.put(name, new TimerChange(entry.key, name, null, generation));
    apply(entry, decision, now);
    park(entry, new Parked(entry, null, null, null));
  }

  private void rescanTimers() {
    if (fence == null || stopping || lost) {
      return;
    }
    runtimeStore.timersDue(kind.name(), partition, clock.instant().plusMillis(TIMER_WINDOW_MS)).onComplete(ar -> {
      if (ar.failed()) {
        log(Level.WARN).log("timer scan failed: {}", ar.cause().getMessage());
        return;
      }
      for (TimerRow t : ar.result()) {
        arm(t.key(), t.name(), t.due(), t.generation());
      }
    });
  }

  // ---- outbox ---------------------------------------------------------------------------------

  private void relay(OutboxRow row) {
    String dest = row.destKind() + '\u0000' + row.destKey();
    ArrayDeque<OutboxRow> queue = relays.computeIfAbsent(dest, k -> new ArrayDeque<>());
    queue.add(row);
    outboxPending++;
    if (queue.size() == 1) {
      sendHead(dest, queue, 100);
    }
  }

  /** Delivers a destination's rows one at a time, in order, until each is acknowledged. */
  private void sendHead(String dest, ArrayDeque<OutboxRow> queue, long backoff) {
    OutboxRow row = queue.peek();
    if (row == null) {
      relays.remove(dest, queue);
      return;
    }
    deliver(routers.of(row.destKind()), row).onComplete(ar -> {
      if (stopping || lost) {
        return; // the next owner resends what is left
      }
      if (ar.succeeded()) {
        queue.poll();
        outboxPending--;
        meters.outboxDelivered();
        delivered(row.seq());
        sendHead(dest, queue, 100);
      } else {
        log(Failures.retryable(ar.cause()) ? Level.DEBUG : Level.ERROR)
            .log("outbox row {} to {} not delivered yet: {}", row.seq(), row.destKind(), ar.cause().getMessage());
        vertx.setTimer(backoff, t -> sendHead(dest, queue, Math.min(MAX_RELAY_BACKOFF_MS, backoff * 2)));
      }
    });
  }

  private <X> Future<?> deliver(PartitionRouter<X, ?> router, OutboxRow row) {
    X command = router.kind().commands().fromBytes(row.payload());
    // The key names the row, so a receiver that already applied it answers from its record.
    return router.send(new Request<>(command, OUTBOX_SCOPE, kind.name() + "/" + partition + "/" + row.seq(), null, true));
  }

  /** The idempotency scope of commands relayed from an outbox. */
  public static final String OUTBOX_SCOPE = "~outbox";

  private void delivered(long seq) {
    deliveredSeqs.add(seq);
    if (deliveredSeqs.size() == 1) {
      vertx.setTimer(50, t -> {
        List<Long> seqs = List.copyOf(deliveredSeqs);
        deliveredSeqs.clear();
        runtimeStore.delivered(kind.name(), partition, seqs).onFailure(e ->
            log(Level.DEBUG).log("outbox rows not yet forgotten (they will be resent and deduplicated): {}", e.getMessage()));
      });
    }
  }

  // ---- ownership ------------------------------------------------------------------------------

  /** Asks the store for the partition's epoch: still ours, or step down. Commands wait (fail, retried) meanwhile. */
  private void confirmOwnership() {
    if (confirming || fence == null) {
      return;
    }
    confirming = true;
    owners.currentEpoch(kind.name(), partition).onComplete(ar -> {
      confirming = false;
      if (ar.succeeded() && ar.result() != fence.epoch()) {
        stepDown("epoch " + fence.epoch() + " superseded by " + ar.result());
      }
    });
  }

  private void stepDown(String why) {
    if (!lost) {
      log(Level.WARN).log("{} on {}; no longer the owner", why, nodeId);
      lost = true;
      entries.clear();
      armed.values().forEach(a -> vertx.cancelTimer(a.timerId()));
      armed.clear();
      if (consumer != null) {
        consumer.unregister();
      }
    }
  }

  private void checkDrained() {
    if (drained != null && !writing && batch.isEmpty() && waiting == 0) {
      drained.tryComplete();
    }
  }

  private void passivateIdle() {
    long cutoff = clock.millis() - PASSIVATE_AFTER_MS;
    entries.values().removeIf(e -> e.waiting == null && e.unsettled == 0 && !e.hasWork() && e.lastUsedMs < cutoff);
  }

  private void pruneRecords() {
    if (fence == null || stopping || lost) {
      return;
    }
    runtimeStore.pruneRecords(kind.name(), partition, clock.instant())
        .onFailure(e -> log(Level.DEBUG).log("pruning idempotency records failed: {}", e.getMessage()));
  }
}
