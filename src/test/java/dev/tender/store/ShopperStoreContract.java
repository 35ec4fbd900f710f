package dev.tender.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.f4b6a3.ulid.UlidCreator;
import dev.tender.cart.Cart;
import dev.tender.cart.CartId;
import dev.tender.cart.Fixtures;
import dev.tender.cart.FulfillmentPreference;
import dev.tender.cart.Shopper;
import dev.tender.cart.Tenders;
import dev.tender.cart.ShopperStore;
import dev.tender.cart.UserId;
import dev.tender.cart.WishlistEntry;
import dev.tender.cluster.AggregateStore.Versioned;
import dev.tender.cluster.Fence;
import dev.tender.cluster.PartitionOwnerStore;
import dev.tender.cluster.PartitionStore;
import dev.tender.cluster.PartitionStore.Result;
import dev.tender.cluster.PartitionStore.Unit;
import io.vertx.core.Future;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ShopperStore} promises, written through its backend's {@link PartitionStore} as the
 * partition actor writes. Subclasses supply the three stores of one backend.
 */
abstract class ShopperStoreContract {
  abstract ShopperStore store();

  abstract PartitionStore runtime();

  abstract PartitionOwnerStore owners();

  /**
   * Ownership of a partition of a kind no node uses, so tests never fence each other; under a lapsed
   * lease, so another node may take it over (what a fenced, stale owner experiences).
   */
  Fence fence;

  @BeforeEach
  void ownAPartition() throws Exception {
    int partition = java.util.concurrent.ThreadLocalRandom.current().nextInt(1_000_000);
    fence = new Fence("contract-test", partition, await(owners().acquire("contract-test", partition, "test-node", 0)).getAsLong());
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  static UserId freshUser() {
    return new UserId("test-" + UlidCreator.getUlid());
  }

  static Shopper withCart(UserId user) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    Cart cart = Cart.open(CartId.random(), user, now, now.plusSeconds(3600))
        .withQuantity("p03", null, 2)
        .withQuantity("p01", "p01-m", 1)
        .withAddresses(Fixtures.address(), Fixtures.address())
        .withFulfillment(FulfillmentPreference.autoDelivery())
        .withMetadata(Map.of("gift", "yes"));
    return Shopper.empty(user).withCart(cart).withWishlist(List.of(new WishlistEntry("p02", null)))
        .withExpiryCheckAt(now.plusSeconds(3600));
  }

  /** A change from {@code before} (stored at {@code version}) to {@code after}. */
  record Change(Shopper before, Shopper after, long version) {}

  List<Result> write(Fence f, Change... changes) throws Exception {
    List<Unit> units = new ArrayList<>();
    for (Change c : changes) {
      String key = c.after().id().value();
      units.add(new Unit(key, store().stage(key, c.before(), c.after(), c.version(), f.epoch()), List.of(), List.of(), List.of()));
    }
    return await(runtime().commit(f, units));
  }

  Versioned<Shopper> load(UserId user) throws Exception {
    return await(store().load(user.value()));
  }

  @Test
  void unknown_shopper_loads_empty_at_version_zero() throws Exception {
    UserId user = freshUser();
    assertThat(load(user)).isEqualTo(new Versioned<>(Shopper.empty(user), 0));
  }

  @Test
  void keeps_everything_it_was_given() throws Exception {
    Shopper s = withCart(freshUser());
    assertThat(write(fence, new Change(Shopper.empty(s.id()), s, 0))).containsExactly(Result.COMMITTED);
    assertThat(load(s.id())).isEqualTo(new Versioned<>(s, 1));
  }

  @Test
  void writes_only_what_changed_and_reads_back_the_whole() throws Exception {
    Shopper v1 = withCart(freshUser());
    write(fence, new Change(Shopper.empty(v1.id()), v1, 0));
    Instant later = v1.cart().updatedAt().plusSeconds(5);
    Shopper v2 = v1.withCart(v1.cart().withQuantity("p03", null, 4).withQuantity("p06", null, 1)
        .withQuantity("p01", "p01-m", 0).touched(later, later.plusSeconds(3600)));
    assertThat(write(fence, new Change(v1, v2, 1))).containsExactly(Result.COMMITTED);
    assertThat(load(v1.id())).isEqualTo(new Versioned<>(v2, 2));
    Shopper v3 = v2.withCart(v2.cart().withAddresses(null, Fixtures.address()).withMetadata(Map.of("note", "ring twice")))
        .withWishlist(List.of(new WishlistEntry("p05", null), new WishlistEntry("p01", "p01-s")));
    assertThat(write(fence, new Change(v2, v3, 2))).containsExactly(Result.COMMITTED);
    assertThat(load(v1.id())).isEqualTo(new Versioned<>(v3, 3));
    // Tenders alone changing are written too, and removing them all reads back as none.
    Shopper paying = v3.withCart(v3.cart().withTenders(new Tenders(120, 5_000,
        List.of(new Tenders.GiftCard("4000123412341234", null, 90_000), new Tenders.GiftCard("4000999988887777", 1_000L, 2_500)))));
    assertThat(write(fence, new Change(v3, paying, 3))).containsExactly(Result.COMMITTED);
    assertThat(load(v1.id())).isEqualTo(new Versioned<>(paying, 4));
    Shopper none = paying.withCart(paying.cart().withTenders(Tenders.NONE));
    assertThat(write(fence, new Change(paying, none, 4))).containsExactly(Result.COMMITTED);
    assertThat(load(v1.id())).isEqualTo(new Versioned<>(none, 5));
    v3 = none;
    // A new cart replaces the old one whole; no line of the old one survives.
    Cart fresh = Cart.open(CartId.random(), v1.id(), later, later.plusSeconds(60)).withQuantity("p08", null, 1);
    Shopper v4 = v3.withCart(fresh);
    assertThat(write(fence, new Change(v3, v4, 5))).containsExactly(Result.COMMITTED);
    assertThat(load(v1.id())).isEqualTo(new Versioned<>(v4, 6));
    Shopper v5 = v4.withCart(null).withExpiryCheckAt(null);
    assertThat(write(fence, new Change(v4, v5, 6))).containsExactly(Result.COMMITTED);
    assertThat(load(v1.id())).isEqualTo(new Versioned<>(v5, 7));
  }

  @Test
  void refuses_a_write_from_a_stale_version() throws Exception {
    UserId user = freshUser();
    Shopper v1 = withCart(user);
    write(fence, new Change(Shopper.empty(user), v1, 0));
    Shopper v2 = v1.withCart(v1.cart().withQuantity("p06", null, 1));
    assertThat(write(fence, new Change(v1, v2, 1))).containsExactly(Result.COMMITTED);

    // A writer that still believes version 1 is current (a stale owner) is refused...
    Shopper stale = v1.withCart(v1.cart().emptied());
    assertThat(write(fence, new Change(v1, stale, 1))).containsExactly(Result.REFUSED);
    // ...and so is a second "first" write of the same shopper.
    assertThat(write(fence, new Change(Shopper.empty(user), withCart(user), 0))).containsExactly(Result.REFUSED);
    assertThat(load(user)).isEqualTo(new Versioned<>(v2, 2));
  }

  @Test
  void a_batch_applies_each_write_on_its_own_version() throws Exception {
    Shopper a = withCart(freshUser());
    Shopper b = withCart(freshUser());
    write(fence, new Change(Shopper.empty(b.id()), b, 0));
    Shopper c = withCart(freshUser());
    List<Result> results = write(fence, new Change(Shopper.empty(a.id()), a, 0),
        new Change(Shopper.empty(b.id()), withCart(b.id()), 0), new Change(Shopper.empty(c.id()), c, 0));
    assertThat(results).containsExactly(Result.COMMITTED, Result.REFUSED, Result.COMMITTED);
    assertThat(load(a.id())).isEqualTo(new Versioned<>(a, 1));
    assertThat(load(b.id())).isEqualTo(new Versioned<>(b, 1));
    assertThat(load(c.id())).isEqualTo(new Versioned<>(c, 1));
  }

  @Test
  void a_batch_of_changes_fences_each_shopper_on_its_own_version() throws Exception {
    Shopper a = withCart(freshUser());
    Shopper b = withCart(freshUser());
    Shopper c = withCart(freshUser());
    write(fence, new Change(Shopper.empty(a.id()), a, 0), new Change(Shopper.empty(b.id()), b, 0),
        new Change(Shopper.empty(c.id()), c, 0));
    Shopper a2 = a.withCart(a.cart().withQuantity("p06", null, 3).withQuantity("p03", null, 5));
    Shopper b2 = b.withCart(b.cart().withQuantity("p08", null, 1));
    Shopper c2 = c.withCart(c.cart().withQuantity("p06", null, 1));
    assertThat(write(fence, new Change(a, a2, 1), new Change(b, b2, 1), new Change(c, c2, 1)))
        .containsExactly(Result.COMMITTED, Result.COMMITTED, Result.COMMITTED);
    // b is stale in the next batch (it believes version 1): it alone is refused.
    Shopper a3 = a2.withCart(a2.cart().withQuantity("p03", null, 1));
    Shopper c3 = c2.withCart(c2.cart().withQuantity("p06", null, 2));
    assertThat(write(fence, new Change(a2, a3, 2), new Change(b, b.withCart(b.cart().emptied()), 1), new Change(c2, c3, 2)))
        .containsExactly(Result.COMMITTED, Result.REFUSED, Result.COMMITTED);
    assertThat(load(a.id())).isEqualTo(new Versioned<>(a3, 3));
    assertThat(load(b.id())).isEqualTo(new Versioned<>(b2, 2));
    assertThat(load(c.id())).isEqualTo(new Versioned<>(c3, 3));
  }

  @Test
  void refuses_every_write_made_under_a_superseded_epoch() throws Exception {
    Shopper v1 = withCart(freshUser());
    write(fence, new Change(Shopper.empty(v1.id()), v1, 0));
    long next = await(owners().acquire(fence.kind(), fence.partition(), "another-node", 0)).getAsLong();
    assertThat(next).isEqualTo(fence.epoch() + 1);

    Shopper v2 = v1.withCart(v1.cart().emptied());
    Shopper fresh = withCart(freshUser());
    assertThat(write(fence, new Change(v1, v2, 1), new Change(Shopper.empty(fresh.id()), fresh, 0)))
        .containsExactly(Result.REFUSED, Result.REFUSED);
    assertThat(load(v1.id())).isEqualTo(new Versioned<>(v1, 1));
    assertThat(load(fresh.id()).version()).isZero();

    Fence current = new Fence(fence.kind(), fence.partition(), next);
    assertThat(write(current, new Change(v1, v2, 1))).containsExactly(Result.COMMITTED);
  }

  @Test
  void release_keeps_the_epoch_and_the_next_acquisition_bumps_it() throws Exception {
    await(owners().release(fence.kind(), fence.partition(), "someone-else", fence.epoch()));
    assertThat(await(owners().all(fence.kind()))).anySatisfy(o -> {
      assertThat(o.partition()).isEqualTo(fence.partition());
      assertThat(o.owner()).isEqualTo("test-node"); // only the owner can release
    });
    await(owners().release(fence.kind(), fence.partition(), "test-node", fence.epoch()));
    assertThat(await(owners().currentEpoch(fence.kind(), fence.partition()))).isEqualTo(fence.epoch());
    assertThat(await(owners().acquire(fence.kind(), fence.partition(), "next-node", 0))).hasValue(fence.epoch() + 1);
  }
}
