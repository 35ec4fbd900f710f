package dev.tender.cluster;

import static dev.tender.TestNode.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tender.store.InMemoryPartitionOwnerStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The keeper's side of leases, with stand-in actors on the memory store and a fixed membership. */
class PartitionKeeperTest {
  private static final String KIND = "k";
  private final Vertx vertx = Vertx.vertx();
  private final InMemoryPartitionOwnerStore owners = new InMemoryPartitionOwnerStore();
  private volatile Actor last;

  /** Acquires like a partition actor and records what the keeper tells it. */
  private final class Actor extends VerticleBase implements OwnedPartition {
    final int partition;
    final AtomicLong leaseUntil = new AtomicLong();
    volatile long epoch;
    volatile boolean lost;

    Actor(int partition) {
      this.partition = partition;
    }

    @Override
    public Future<?> start() {
      return owners.acquire(KIND, partition, "me", Leases.LEASE_MS).compose(e -> {
        if (e.isEmpty()) {
          return Future.failedFuture(new HeldElsewhere(KIND, partition));
        }
        epoch = e.getAsLong();
        last = this;
        return Future.succeededFuture();
      });
    }

    @Override public long epoch() {
      return epoch;
    }

    @Override public boolean lost() {
      return lost;
    }

    @Override public void leaseValidUntil(long nanoTime) {
      leaseUntil.set(nanoTime);
    }

    @Override public void takenOver() {
      lost = true;
    }
  }

  private PartitionKeeper keeper() {
    return new PartitionKeeper(KIND, "me", 1, () -> List.of("me"), owners, Actor::new);
  }

  @AfterEach
  void close() throws Exception {
    await(vertx.close());
  }

  private void awaitRunning(PartitionKeeper keeper, long timeoutMs) throws Exception {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (keeper.snapshot().epochs().isEmpty() && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
  }

  @Test
  void a_partition_whose_owner_left_is_taken_only_once_its_lease_lapsed() throws Exception {
    long leaseMs = 1_500;
    long granted = System.nanoTime();
    assertThat(await(owners.acquire(KIND, 0, "gone", leaseMs))).hasValue(1);
    PartitionKeeper keeper = keeper();
    await(vertx.deployVerticle(keeper));
    awaitRunning(keeper, leaseMs + 3 * Leases.TICK_MS);
    long tookMs = (System.nanoTime() - granted) / 1_000_000;
    assertThat(keeper.snapshot().epochs()).isEqualTo(Map.of(0, 2L));
    assertThat(tookMs).as("not before the lease lapsed").isGreaterThanOrEqualTo(leaseMs);
  }

  @Test
  void renewals_extend_the_actors_lease_and_a_partition_missing_from_them_was_taken_over() throws Exception {
    PartitionKeeper keeper = keeper();
    await(vertx.deployVerticle(keeper));
    awaitRunning(keeper, 2_000);
    Actor actor = last;
    long before = actor.leaseUntil.get();
    Thread.sleep(2 * Leases.TICK_MS);
    assertThat(actor.leaseUntil.get() - before).as("renewed").isPositive();
    assertThat(actor.leaseUntil.get() - System.nanoTime()).as("trusted for the lease less the margin, from sending")
        .isLessThanOrEqualTo((Leases.LEASE_MS - Leases.MARGIN_MS) * 1_000_000);
    assertThat(await(owners.all(KIND)).get(0).leased()).isTrue();

    // Someone takes it over (as after a lapse this node did not notice).
    await(owners.release(KIND, 0, "me", actor.epoch()));
    assertThat(await(owners.acquire(KIND, 0, "intruder", 60_000))).isPresent();
    long deadline = System.currentTimeMillis() + 3 * Leases.TICK_MS;
    while (!actor.lost && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertThat(actor.lost).as("told by the next renewal").isTrue();
  }
}
