package dev.tender.store;

import static dev.tender.store.ShopperStoreContract.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.f4b6a3.ulid.UlidCreator;
import dev.tender.cluster.Fence;
import dev.tender.cluster.PartitionOwnerStore;
import dev.tender.cluster.PartitionStore;
import dev.tender.cluster.PartitionStore.IdempotencyRecord;
import dev.tender.cluster.PartitionStore.OutboxRow;
import dev.tender.cluster.PartitionStore.Result;
import dev.tender.cluster.PartitionStore.TimerChange;
import dev.tender.cluster.PartitionStore.TimerRow;
import dev.tender.cluster.PartitionStore.Unit;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link PartitionStore} promises about the runtime's own rows: records, timers, outbox. */
abstract class PartitionStoreContract {
  abstract PartitionStore runtime();

  abstract PartitionOwnerStore owners();

  Fence fence;
  final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

  @BeforeEach
  void ownAPartition() throws Exception {
    int partition = java.util.concurrent.ThreadLocalRandom.current().nextInt(1_000_000);
    fence = new Fence("runtime-test", partition, await(owners().acquire("runtime-test", partition, "test-node", 0)).getAsLong()); // lapsed: others may take it
  }

  static String fresh() {
    return UlidCreator.getUlid().toString();
  }

  /** A record that expires at {@code expires} (created a minute before). */
  IdempotencyRecord record(String scope, String key, Instant expires) {
    return new IdempotencyRecord(scope, key, fence.kind(), fence.partition(), new byte[] {1, 2, 3}, new byte[] {9, 8},
        expires.minusSeconds(60), expires);
  }

  static Unit records(String key, IdempotencyRecord... records) {
    return new Unit(key, null, List.of(records), List.of(), List.of());
  }

  @Test
  void a_recorded_outcome_is_found_by_scope_and_key_until_it_expires_and_is_then_pruned() throws Exception {
    String scope = fresh();
    assertThat(await(runtime().commit(fence, List.of(records("a", record(scope, "k1", now.minusSeconds(1)),
        record(scope, "k2", now.plusSeconds(3_600))))))).containsExactly(Result.COMMITTED);
    IdempotencyRecord found = await(runtime().findRecord(scope, "k2"));
    assertThat(found.reply()).containsExactly(9, 8);
    assertThat(found.fingerprint()).containsExactly(1, 2, 3);
    assertThat(found.expiresAt()).isEqualTo(now.plusSeconds(3_600));
    assertThat(await(runtime().findRecord(scope, "nope"))).isNull();
    assertThat(await(runtime().findRecord(scope, "k1"))).as("expired, though not yet pruned").isNull();
    assertThat(await(runtime().pruneRecords(fence.kind(), fence.partition(), now))).isGreaterThanOrEqualTo(1);
    assertThat(await(runtime().findRecord(scope, "k2"))).isNotNull();
  }

  @Test
  void a_unit_the_store_refuses_fails_alone() throws Exception {
    String scope = fresh();
    await(runtime().commit(fence, List.of(records("a", record(scope, "taken", now.plusSeconds(60))))));
    List<Result> results = await(runtime().commit(fence, List.of(
        records("b", record(scope, "b1", now.plusSeconds(60))),
        records("c", record(scope, "taken", now.plusSeconds(60))), // the same key again: the primary key refuses it
        records("d", record(scope, "d1", now.plusSeconds(60))))));
    assertThat(results.get(0)).isEqualTo(Result.COMMITTED);
    assertThat(results.get(1).verdict()).isEqualTo(PartitionStore.Verdict.REJECTED);
    assertThat(results.get(2)).isEqualTo(Result.COMMITTED);
    assertThat(await(runtime().findRecord(scope, "b1"))).isNotNull();
    assertThat(await(runtime().findRecord(scope, "d1"))).isNotNull();
  }

  @Test
  void timers_are_set_replaced_and_deleted_only_at_their_generation() throws Exception {
    String key = fresh();
    long g = 5L << 40; // generations are (epoch << 40) | n: far beyond an int
    Instant due = now.plusSeconds(30);
    commitTimers(new TimerChange(key, "t", due, g + 1), new TimerChange(key, "far", now.plusSeconds(3_600), g + 2));
    assertThat(await(runtime().timersDue(fence.kind(), fence.partition(), now.plusSeconds(60))))
        .containsExactly(new TimerRow(key, "t", due, g + 1));
    commitTimers(new TimerChange(key, "t", due.plusSeconds(1), g + 3)); // set again: replaced
    commitTimers(new TimerChange(key, "t", null, g + 1)); // the firing of a replaced generation deletes nothing
    assertThat(await(runtime().timersDue(fence.kind(), fence.partition(), now.plusSeconds(60))))
        .containsExactly(new TimerRow(key, "t", due.plusSeconds(1), g + 3));
    commitTimers(new TimerChange(key, "t", null, g + 3));
    assertThat(await(runtime().timersDue(fence.kind(), fence.partition(), now.plusSeconds(60)))).isEmpty();
    commitTimers(new TimerChange(key, "far", null, -1)); // a cancel deletes whatever generation
    assertThat(await(runtime().timersDue(fence.kind(), fence.partition(), now.plusSeconds(7_200)))).isEmpty();
  }

  @Test
  void units_that_set_one_timer_and_cancel_another_commit_together_whatever_their_order() throws Exception {
    String a = fresh();
    String b = fresh();
    commitTimers(new TimerChange(a, "old", now.plusSeconds(10), 1), new TimerChange(b, "old", now.plusSeconds(10), 2));
    List<Result> results = await(runtime().commit(fence, List.of(
        new Unit(a, null, List.of(), List.of(new TimerChange(a, "old", null, -1), new TimerChange(a, "new", now.plusSeconds(20), 3)),
            List.of()),
        new Unit(b, null, List.of(), List.of(new TimerChange(b, "new", now.plusSeconds(20), 4), new TimerChange(b, "old", null, -1)),
            List.of()))));
    assertThat(results).containsExactly(Result.COMMITTED, Result.COMMITTED);
    assertThat(await(runtime().timersDue(fence.kind(), fence.partition(), now.plusSeconds(60))))
        .containsExactlyInAnyOrder(new TimerRow(a, "new", now.plusSeconds(20), 3), new TimerRow(b, "new", now.plusSeconds(20), 4));
  }

  @Test
  void a_unit_of_many_rows_with_one_the_store_refuses_writes_none_of_them() throws Exception {
    String scope = fresh();
    await(runtime().commit(fence, List.of(records("a", record(scope, "taken", now.plusSeconds(60))))));
    List<Result> results = await(runtime().commit(fence, List.of(new Unit("b",
        null, List.of(record(scope, "b1", now.plusSeconds(60)), record(scope, "taken", now.plusSeconds(60)),
            record(scope, "b2", now.plusSeconds(60))),
        List.of(new TimerChange("b", "t1", now.plusSeconds(5), 7), new TimerChange("b", "t2", now.plusSeconds(5), 8)), List.of()))));
    assertThat(results.get(0).verdict()).isEqualTo(PartitionStore.Verdict.REJECTED);
    assertThat(await(runtime().findRecord(scope, "b1"))).isNull();
    assertThat(await(runtime().findRecord(scope, "b2"))).isNull();
    assertThat(await(runtime().timersDue(fence.kind(), fence.partition(), now.plusSeconds(60)))).isEmpty();
  }

  private void commitTimers(TimerChange... changes) throws Exception {
    assertThat(await(runtime().commit(fence, List.of(new Unit(changes[0].key(), null, List.of(), List.of(changes), List.of())))))
        .containsExactly(Result.COMMITTED);
  }

  @Test
  void outbox_rows_stay_until_delivered() throws Exception {
    OutboxRow one = new OutboxRow(10, "pong", "x", new byte[] {1});
    OutboxRow two = new OutboxRow(11, "pong", "y", new byte[] {2});
    await(runtime().commit(fence, List.of(new Unit("a", null, List.of(), List.of(), List.of(one, two)))));
    List<OutboxRow> rows = await(runtime().outbox(fence.kind(), fence.partition()));
    assertThat(rows).extracting(OutboxRow::seq).containsExactly(10L, 11L);
    assertThat(rows.get(1).payload()).containsExactly(2);
    await(runtime().delivered(fence.kind(), fence.partition(), List.of(10L)));
    assertThat(await(runtime().outbox(fence.kind(), fence.partition()))).extracting(OutboxRow::seq).containsExactly(11L);
  }

  @Test
  void nothing_of_a_unit_is_written_under_a_superseded_epoch() throws Exception {
    String scope = fresh();
    assertThat(await(owners().acquire(fence.kind(), fence.partition(), "another-node", 0))).isPresent();
    List<Result> results = await(runtime().commit(fence, List.of(new Unit("a", null, List.of(record(scope, "k", now.plusSeconds(60))),
        List.of(new TimerChange("a", "t", now, 1)), List.of(new OutboxRow(1, "pong", "a", new byte[] {1}))))));
    assertThat(results).containsExactly(Result.REFUSED);
    assertThat(await(runtime().findRecord(scope, "k"))).isNull();
    assertThat(await(runtime().timersDue(fence.kind(), fence.partition(), now.plusSeconds(60)))).isEmpty();
    assertThat(await(runtime().outbox(fence.kind(), fence.partition()))).isEmpty();
  }
}
