package dev.tender.store;

import dev.tender.auth.RefreshTokenStore;
import static dev.tender.store.ShopperStoreContract.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.f4b6a3.ulid.UlidCreator;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** What every {@link RefreshTokenStore} promises. */
abstract class RefreshTokenStoreContract {
  abstract RefreshTokenStore store();

  private static String id() {
    return UlidCreator.getUlid().toString();
  }

  @Test
  void a_token_rotates_once_and_its_successor_rotates_again() throws Exception {
    String first = id(), second = id(), third = id();
    Instant exp = Instant.now().plusSeconds(3600);
    await(store().issue(first, id(), "user", exp));
    await(store().rotate(first, second, exp));
    await(store().rotate(second, third, exp));
  }

  @Test
  void reuse_is_refused_and_revokes_the_family() throws Exception {
    String first = id(), second = id();
    Instant exp = Instant.now().plusSeconds(3600);
    await(store().issue(first, id(), "user", exp));
    await(store().rotate(first, second, exp));
    assertThatThrownBy(() -> await(store().rotate(first, id(), exp)))
        .isInstanceOf(ExecutionException.class).cause().isInstanceOf(RefreshTokenStore.RefreshRefused.class);
    // The thief's reuse also kills the legitimate successor.
    assertThatThrownBy(() -> await(store().rotate(second, id(), exp)))
        .cause().isInstanceOf(RefreshTokenStore.RefreshRefused.class);
  }

  @Test
  void an_unknown_token_is_refused() {
    assertThatThrownBy(() -> await(store().rotate(id(), id(), Instant.now())))
        .cause().isInstanceOf(RefreshTokenStore.RefreshRefused.class);
  }
}
