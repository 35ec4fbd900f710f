package dev.tender.store;

import static dev.tender.store.ShopperStoreContract.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tender.auth.RefreshTokenStore;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PgRefreshTokenStoreTest extends RefreshTokenStoreContract {
  @RegisterExtension
  static final TestDatabase.PerClass DB = new TestDatabase.PerClass();

  @Override
  RefreshTokenStore store() {
    return new PgRefreshTokenStore(DB.pool());
  }

  @Test
  void prune_keeps_a_revoked_row_only_while_its_family_has_an_unrevoked_live_one() throws Exception {
    Instant now = now();
    Instant old = now.minus(Duration.ofDays(3));
    String lone = id(), kept = id(), straggler = id(), plain = id();
    String revokedAlone = id(), revokedWithStraggler = id();
    await(store().issue(lone, revokedAlone, "user", old, old));
    await(store().revokeFamily(revokedAlone));
    await(store().issue(kept, revokedWithStraggler, "user", old, old));
    await(store().revokeFamily(revokedWithStraggler));
    await(store().issue(straggler, revokedWithStraggler, "user", now, now.plusSeconds(3600)));
    await(store().issue(plain, id(), "user", old, old));
    while (await(store().prune(now.minus(Duration.ofDays(1)), 1_000)) == 1_000) {
      // drain
    }
    Set<String> left = new HashSet<>();
    for (Row row : await(DB.pool().preparedQuery("SELECT jti FROM refresh_tokens WHERE jti = ANY($1)")
        .execute(Tuple.of(new String[] {lone, kept, straggler, plain})))) {
      left.add(row.getString(0));
    }
    assertThat(left).containsExactlyInAnyOrder(kept, straggler);
  }
}
