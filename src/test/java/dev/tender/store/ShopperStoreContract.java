package dev.tender.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tender.cart.Cart;
import dev.tender.cart.CartId;
import dev.tender.cart.FulfillmentPreference;
import dev.tender.cart.RequestId;
import dev.tender.cart.Shopper;
import dev.tender.cart.UserId;
import dev.tender.cart.WishlistEntry;
import dev.tender.cart.Fixtures;
import io.vertx.core.Future;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ShopperStore} promises. Subclasses supply the store and its ownership table. */
abstract class ShopperStoreContract {
  abstract ShopperStore store();

  abstract PartitionOwnerStore owners();

  /** Ownership of a partition of a kind no node uses, so tests never fence each other. */
  Fence fence;

  @BeforeEach
  void ownAPartition() throws Exception {
    int partition = java.util.concurrent.ThreadLocalRandom.current().nextInt(1_000_000);
    fence = new Fence("contract-test", partition, await(owners().acquire("contract-test", partition, "test-node")));
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  static UserId freshUser() {
    return new UserId("test-" + RequestId.random().value());
  }

  static Shopper withCart(UserId user, long version) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    Cart cart = Cart.open(CartId.random(), user, now, now.plusSeconds(3600))
        .withQuantity("p03", null, 2)
        .withQuantity("p01", "p01-m", 1)
        .withAddresses(Fixtures.address(), Fixtures.address())
        .withFulfillment(FulfillmentPreference.autoDelivery())
        .withMetadata(Map.of("gift", "yes"));
    return Shopper.empty(user).withCart(cart, RequestId.random())
        .withWishlist(List.of(new WishlistEntry("p02", null)), RequestId.random())
        .atVersion(version);
  }

  @Test
  void unknown_shopper_loads_empty_at_version_zero() throws Exception {
    UserId user = freshUser();
    Shopper s = await(store().load(user));
    assertThat(s).isEqualTo(Shopper.empty(user));
  }

  @Test
  void keeps_everything_it_was_given() throws Exception {
    Shopper s = withCart(freshUser(), 1);
    assertThat(await(store().writeAll(List.of(s), fence))).containsExactly(true);
    assertThat(await(store().load(s.id()))).isEqualTo(s);
  }

  @Test
  void refuses_a_write_from_a_stale_version() throws Exception {
    UserId user = freshUser();
    Shopper v1 = withCart(user, 1);
    await(store().writeAll(List.of(v1), fence));
    Shopper v2 = v1.withCart(v1.cart().withQuantity("p06", null, 1), RequestId.random()).atVersion(2);
    assertThat(await(store().writeAll(List.of(v2), fence))).containsExactly(true);

    // A writer that still believes version 1 is current (a stale owner) is refused...
    Shopper stale = v1.withCart(v1.cart().emptied(), RequestId.random()).atVersion(2);
    assertThat(await(store().writeAll(List.of(stale), fence))).containsExactly(false);
    // ...and so is a second "first" write of the same shopper.
    assertThat(await(store().writeAll(List.of(withCart(user, 1)), fence))).containsExactly(false);
    assertThat(await(store().load(user))).isEqualTo(v2);
  }

  @Test
  void a_batch_applies_each_write_on_its_own_version() throws Exception {
    Shopper a = withCart(freshUser(), 1);
    Shopper b = withCart(freshUser(), 1);
    await(store().writeAll(List.of(b), fence));
    Shopper c = withCart(freshUser(), 1);
    boolean[] applied = await(store().writeAll(List.of(a, withCart(b.id(), 1), c), fence));
    assertThat(applied).containsExactly(true, false, true);
    assertThat(await(store().load(a.id()))).isEqualTo(a);
    assertThat(await(store().load(c.id()))).isEqualTo(c);
  }

  @Test
  void refuses_every_write_made_under_a_superseded_epoch() throws Exception {
    Shopper v1 = withCart(freshUser(), 1);
    await(store().writeAll(List.of(v1), fence));
    long next = await(owners().acquire(fence.kind(), fence.partition(), "another-node"));
    assertThat(next).isEqualTo(fence.epoch() + 1);

    Shopper v2 = v1.withCart(v1.cart().emptied(), RequestId.random()).atVersion(2);
    Shopper fresh = withCart(freshUser(), 1);
    assertThat(await(store().writeAll(List.of(v2, fresh), fence))).containsExactly(false, false);
    assertThat(await(store().load(v1.id()))).isEqualTo(v1);
    assertThat(await(store().load(fresh.id())).version()).isZero();

    Fence current = new Fence(fence.kind(), fence.partition(), next);
    assertThat(await(store().writeAll(List.of(v2), current))).containsExactly(true);
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
    assertThat(await(owners().acquire(fence.kind(), fence.partition(), "next-node"))).isEqualTo(fence.epoch() + 1);
  }
}
