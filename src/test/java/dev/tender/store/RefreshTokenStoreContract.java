package dev.tender.store;

import dev.tender.auth.RefreshTokenStore;
import dev.tender.auth.RefreshTokenStore.Rotation;
import static dev.tender.store.ShopperStoreContract.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.f4b6a3.ulid.UlidCreator;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** What every {@link RefreshTokenStore} promises. */
abstract class RefreshTokenStoreContract {
  static final Duration GRACE = Duration.ofSeconds(10);

  abstract RefreshTokenStore store();

  static String id() {
    return UlidCreator.getUlid().toString();
  }

  /** Whole seconds, as JWTs carry them. */
  static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS);
  }

  private Rotation rotate(String used, String next) throws Exception {
    Instant iat = now();
    return await(store().rotate(used, next, iat, iat.plusSeconds(3600), GRACE));
  }

  private void assertRefused(Future<?> f) {
    assertThatThrownBy(() -> await(f))
        .isInstanceOf(ExecutionException.class).cause().isInstanceOf(RefreshTokenStore.RefreshRefused.class);
  }

  private String family(String userId, String jti, Instant expiresAt) throws Exception {
    String family = id();
    await(store().issue(jti, family, userId, now(), expiresAt));
    return family;
  }

  @Test
  void a_token_rotates_once_and_its_successor_rotates_again() throws Exception {
    String first = id(), second = id(), third = id();
    String family = family("user", first, now().plusSeconds(3600));
    Rotation r = rotate(first, second);
    assertThat(r.family()).isEqualTo(family);
    assertThat(r.userId()).isEqualTo("user");
    assertThat(r.jti()).isEqualTo(second);
    assertThat(r.replayed()).isFalse();
    assertThat(rotate(second, third).jti()).isEqualTo(third);
  }

  @Test
  void within_the_grace_window_a_reused_token_gets_the_same_successor_and_the_family_lives() throws Exception {
    String first = id(), second = id();
    Instant iat = now();
    String family = family("user", first, iat.plusSeconds(3600));
    Rotation fresh = await(store().rotate(first, second, iat, iat.plusSeconds(3600), GRACE));
    Rotation again = await(store().rotate(first, id(), iat.plusSeconds(1), iat.plusSeconds(3601), GRACE));
    assertThat(again).isEqualTo(new Rotation(family, "user", second, iat, iat.plusSeconds(3600), true));
    assertThat(fresh.replayed()).isFalse();
    assertThat(await(store().familyAlive(family, Instant.now()))).isTrue();
    rotate(second, id()); // the successor was not spent by the replay
  }

  @Test
  void simultaneous_presentations_all_get_one_successor() throws Exception {
    String first = id();
    family("user", first, now().plusSeconds(3600));
    List<Future<Rotation>> racing = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Instant iat = now();
      racing.add(store().rotate(first, id(), iat, iat.plusSeconds(3600), GRACE));
    }
    await(Future.all(racing));
    String successor = racing.get(0).result().jti();
    assertThat(racing).allSatisfy(f -> assertThat(f.result().jti()).isEqualTo(successor));
    assertThat(racing).filteredOn(f -> !f.result().replayed()).hasSize(1);
  }

  @Test
  void reuse_after_the_window_is_refused_and_revokes_the_family() throws Exception {
    String first = id(), second = id();
    Instant iat = now();
    String family = family("user", first, iat.plusSeconds(3600));
    Duration grace = Duration.ofMillis(300);
    await(store().rotate(first, second, iat, iat.plusSeconds(3600), grace));
    Thread.sleep(600);
    assertRefused(store().rotate(first, id(), iat, iat.plusSeconds(3600), grace));
    // The thief's reuse also kills the legitimate successor.
    assertRefused(store().rotate(second, id(), iat, iat.plusSeconds(3600), grace));
    assertThat(await(store().familyAlive(family, Instant.now()))).isFalse();
  }

  @Test
  void reuse_is_refused_without_grace() throws Exception {
    String first = id(), second = id();
    Instant iat = now();
    family("user", first, iat.plusSeconds(3600));
    await(store().rotate(first, second, iat, iat.plusSeconds(3600), Duration.ZERO));
    assertRefused(store().rotate(first, id(), iat, iat.plusSeconds(3600), Duration.ZERO));
    assertRefused(store().rotate(second, id(), iat, iat.plusSeconds(3600), Duration.ZERO));
  }

  @Test
  void a_token_whose_successor_was_already_spent_gets_no_grace() throws Exception {
    String first = id(), second = id(), third = id();
    String family = family("user", first, now().plusSeconds(3600));
    rotate(first, second);
    rotate(second, third);
    assertRefused(store().rotate(first, id(), now(), now().plusSeconds(3600), GRACE));
    assertRefused(store().rotate(third, id(), now(), now().plusSeconds(3600), GRACE));
    assertThat(await(store().familyAlive(family, Instant.now()))).isFalse();
  }

  @Test
  void an_unknown_token_is_refused() {
    assertRefused(store().rotate(id(), id(), now(), now(), GRACE));
  }

  @Test
  void a_revoked_family_refuses_rotation_and_grace() throws Exception {
    String first = id(), second = id();
    String family = family("user", first, now().plusSeconds(3600));
    rotate(first, second);
    await(store().revokeFamily(family));
    assertRefused(store().rotate(first, id(), now(), now().plusSeconds(3600), GRACE));
    assertRefused(store().rotate(second, id(), now(), now().plusSeconds(3600), GRACE));
    await(store().revokeFamily(id())); // unknown: a no-op
  }

  @Test
  void family_alive_until_revoked_or_expired() throws Exception {
    Instant exp = now().plusSeconds(3600);
    String first = id();
    String family = family("user", first, exp);
    assertThat(await(store().familyAlive(family, Instant.now()))).isTrue();
    assertThat(await(store().familyAlive(family, exp))).isFalse();
    assertThat(await(store().familyAlive(id(), Instant.now()))).isFalse();
    // A rotation extends the family to its newest token's expiry.
    await(store().rotate(first, id(), now(), exp.plusSeconds(3600), GRACE));
    assertThat(await(store().familyAlive(family, exp.plusSeconds(1)))).isTrue();
    await(store().revokeFamily(family));
    assertThat(await(store().familyAlive(family, Instant.now()))).isFalse();
  }

  @Test
  void revoke_user_spares_the_excepted_family_and_other_users() throws Exception {
    String user = "user-" + id(), other = "user-" + id();
    Instant exp = now().plusSeconds(3600);
    String a = id(), b = id(), c = id(), d = id();
    String fa = family(user, a, exp), fb = family(user, b, exp), fc = family(user, c, exp), fd = family(other, d, exp);
    await(store().revokeUser(user, fb));
    assertThat(await(store().familyAlive(fa, Instant.now()))).isFalse();
    assertThat(await(store().familyAlive(fb, Instant.now()))).isTrue();
    assertThat(await(store().familyAlive(fc, Instant.now()))).isFalse();
    assertThat(await(store().familyAlive(fd, Instant.now()))).isTrue();
    assertRefused(store().rotate(a, id(), now(), exp, GRACE));
    String b2 = rotate(b, id()).jti();
    rotate(d, id());

    await(store().revokeUser(user, null));
    assertThat(await(store().familyAlive(fb, Instant.now()))).isFalse();
    assertRefused(store().rotate(b2, id(), now(), exp, GRACE));
  }

  @Test
  void prune_deletes_only_tokens_expired_before_the_cutoff() throws Exception {
    Instant now = now();
    Instant cutoff = now.minus(Duration.ofDays(1));
    String old1 = id(), old2 = id(), old3 = id(), young = id(), live = id();
    family("user", old1, now.minus(Duration.ofDays(3)));
    family("user", old2, now.minus(Duration.ofDays(2)));
    family("user", old3, now.minus(Duration.ofDays(2)));
    family("user", young, now.minus(Duration.ofHours(1)));
    String liveFamily = family("user", live, now.plusSeconds(3600));
    int n;
    do {
      n = await(store().prune(cutoff, 2));
      assertThat(n).isBetween(0, 2);
    } while (n == 2);
    // The store does not check expiry (the JWT does), so a rotation tells a kept row from a deleted one.
    assertRefused(store().rotate(old1, id(), now, now.plusSeconds(60), GRACE));
    assertRefused(store().rotate(old2, id(), now, now.plusSeconds(60), GRACE));
    assertRefused(store().rotate(old3, id(), now, now.plusSeconds(60), GRACE));
    rotate(young, id());
    rotate(live, id());
    assertThat(await(store().familyAlive(liveFamily, Instant.now()))).isTrue();
  }

  @Test
  void prune_never_revives_a_revoked_family() throws Exception {
    // A revocation racing with a rotation can leave the new successor unmarked; its family must stay revoked
    // even once the revoked tokens expire. Simulated: a revoked old token and an unrevoked live one in one family.
    Instant now = now();
    String revokedOld = id(), straggler = id();
    String family = family("user", revokedOld, now.minus(Duration.ofDays(3)));
    await(store().revokeFamily(family));
    await(store().issue(straggler, family, "user", now, now.plusSeconds(3600)));
    while (await(store().prune(now.minus(Duration.ofDays(1)), 1_000)) == 1_000) {
      // drain
    }
    assertThat(await(store().familyAlive(family, Instant.now()))).isFalse();
    assertRefused(store().rotate(straggler, id(), now, now.plusSeconds(60), GRACE));
  }
}
