package dev.tender.store;

import static dev.tender.store.ShopperStoreContract.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.f4b6a3.ulid.UlidCreator;
import dev.tender.cluster.PartitionOwnerStore;
import dev.tender.cluster.PartitionOwnerStore.Ownership;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** What every {@link PartitionOwnerStore} promises about leases. Each test uses a kind of its own. */
abstract class PartitionOwnerStoreContract {
  /** Short enough to wait for, long enough that nothing lapses while a test is still looking. */
  static final long SHORT_LEASE_MS = 200;
  static final long LONG_LEASE_MS = 60_000;

  abstract PartitionOwnerStore owners();

  final String kind = "lease-test-" + UlidCreator.getUlid();

  private long acquired(int partition, String node, long leaseMs) throws Exception {
    OptionalLong epoch = await(owners().acquire(kind, partition, node, leaseMs));
    assertThat(epoch).as(node + " acquires partition " + partition).isPresent();
    return epoch.getAsLong();
  }

  private Ownership record(int partition) throws Exception {
    return await(owners().all(kind)).stream().filter(o -> o.partition() == partition).findFirst().orElseThrow();
  }

  @Test
  void a_held_lease_refuses_another_nodes_acquire_and_changes_nothing() throws Exception {
    long epoch = acquired(1, "a", LONG_LEASE_MS);
    assertThat(epoch).isEqualTo(1);
    assertThat(await(owners().acquire(kind, 1, "b", LONG_LEASE_MS))).isEmpty();
    assertThat(await(owners().currentEpoch(kind, 1))).isEqualTo(epoch);
    Ownership o = record(1);
    assertThat(o.owner()).isEqualTo("a");
    assertThat(o.leased()).isTrue();
    // The holder itself may acquire again (a new actor of the same node), under a new epoch.
    assertThat(acquired(1, "a", LONG_LEASE_MS)).isEqualTo(epoch + 1);
  }

  @Test
  void a_lapsed_lease_lets_another_node_acquire() throws Exception {
    long epoch = acquired(2, "a", SHORT_LEASE_MS);
    assertThat(await(owners().acquire(kind, 2, "b", LONG_LEASE_MS))).isEmpty();
    Thread.sleep(SHORT_LEASE_MS + 50);
    assertThat(record(2).leased()).isFalse();
    assertThat(acquired(2, "b", LONG_LEASE_MS)).isEqualTo(epoch + 1);
    assertThat(await(owners().acquire(kind, 2, "a", LONG_LEASE_MS))).as("b's lease now runs").isEmpty();
    assertThat(await(owners().renew(kind, "a", LONG_LEASE_MS))).as("a no longer owns it").isEmpty();
  }

  @Test
  void release_lets_another_node_acquire_at_once() throws Exception {
    long epoch = acquired(3, "a", LONG_LEASE_MS);
    await(owners().release(kind, 3, "a", epoch - 1)); // a stale epoch releases nothing
    assertThat(await(owners().acquire(kind, 3, "b", LONG_LEASE_MS))).isEmpty();
    await(owners().release(kind, 3, "a", epoch));
    Ownership o = record(3);
    assertThat(o.owner()).isEmpty();
    assertThat(o.leased()).isFalse();
    assertThat(acquired(3, "b", LONG_LEASE_MS)).isEqualTo(epoch + 1);
  }

  @Test
  void renew_extends_and_returns_exactly_the_partitions_still_owned() throws Exception {
    long kept = acquired(10, "a", SHORT_LEASE_MS);
    long released = acquired(11, "a", LONG_LEASE_MS);
    acquired(12, "a", 0); // lapsed at once, and taken over
    long taken = acquired(12, "b", LONG_LEASE_MS);
    long lapsed = acquired(13, "a", 0); // lapsed, but nobody took it: still a's
    acquired(14, "b", LONG_LEASE_MS);
    await(owners().release(kind, 11, "a", released));

    assertThat(await(owners().renew(kind, "a", LONG_LEASE_MS))).isEqualTo(Map.of(10, kept, 13, lapsed));
    assertThat(await(owners().renew(kind, "b", LONG_LEASE_MS))).isEqualTo(Map.of(12, taken, 14, 1L));
    assertThat(await(owners().renew("another-" + kind, "a", LONG_LEASE_MS))).as("other kinds are not touched").isEmpty();

    // Renewed past its first, short lease: still held.
    Thread.sleep(SHORT_LEASE_MS + 50);
    assertThat(await(owners().acquire(kind, 10, "b", LONG_LEASE_MS))).isEmpty();
    assertThat(await(owners().acquire(kind, 13, "b", LONG_LEASE_MS))).isEmpty();
    assertThat(record(10).leased()).isTrue();
  }
}
