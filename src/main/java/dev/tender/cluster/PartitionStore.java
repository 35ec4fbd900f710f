package dev.tender.cluster;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;

/**
 * The runtime's persistence port, one per backend ({@code store/}): commits a partition's batch —
 * aggregate writes, idempotency records, timers and outbox rows — in one transaction fenced by the
 * partition's epoch, and reads the runtime's rows back for a new owner.
 */
public interface PartitionStore {
  /**
   * One aggregate's share of a batch: all of it commits or none of it. Units fail alone: a unit the
   * database refuses is {@link Result#REJECTED} and its neighbours still commit.
   *
   * @param write the staged aggregate change, or null when only runtime rows are written
   */
  record Unit(String key, AggregateStore.StagedWrite write, List<IdempotencyRecord> records,
              List<TimerChange> timers, List<OutboxRow> outbox) {}

  /** The recorded outcome of a mutating request, replayed to a retry with the same key until {@code expiresAt}. */
  record IdempotencyRecord(String scope, String key, String kind, int partition, byte[] fingerprint, byte[] reply,
                           Instant createdAt, Instant expiresAt) {}

  /**
   * Sets a timer ({@code due} non-null: upsert with this generation) or deletes it ({@code due} null:
   * only if its generation is still {@code generation}, or whatever it is when {@code generation} < 0).
   */
  record TimerChange(String key, String name, Instant due, long generation) {}

  record TimerRow(String key, String name, Instant due, long generation) {}

  /** A command for another kind, written with the change that decided it, delivered after commit. */
  record OutboxRow(long seq, String destKind, String destKey, byte[] payload) {}

  enum Verdict { COMMITTED, REFUSED, REJECTED }

  /** A unit's fate: committed; refused by a fence (epoch or version); or rejected by the database ({@code why}). */
  record Result(Verdict verdict, String why) {
    public static final Result COMMITTED = new Result(Verdict.COMMITTED, null);
    public static final Result REFUSED = new Result(Verdict.REFUSED, null);

    public static Result rejected(String why) {
      return new Result(Verdict.REJECTED, why);
    }
  }

  /**
   * Commits the units (in order) under {@code fence}. The list of results matches the units. The future
   * fails only when the store itself failed, and then nothing of the batch was written.
   */
  Future<List<Result>> commit(Fence fence, List<Unit> units);

  /** The outcome recorded for (scope, key), or null. */
  Future<IdempotencyRecord> findRecord(String scope, String key);

  /** The partition's timers due before {@code before}. */
  Future<List<TimerRow>> timersDue(String kind, int partition, Instant before);

  /** The partition's undelivered outbox rows, oldest first. */
  Future<List<OutboxRow>> outbox(String kind, int partition);

  /** Forgets delivered outbox rows. */
  Future<Void> delivered(String kind, int partition, List<Long> seqs);

  /** Deletes the partition's idempotency records that expired before {@code now}. */
  Future<Integer> pruneRecords(String kind, int partition, Instant now);

  /** True if a commit survives a crash of the process. */
  boolean durable();
}
