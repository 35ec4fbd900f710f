package dev.tender.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** Argon2id in PHC form: verification, salting, rehash of weaker hashes. Each hash costs tens of milliseconds, so few are made. */
class PasswordHasherTest {
  private static final PasswordHasher HASHER = new PasswordHasher();
  private static final String PREFIX = "$argon2id$v=19$m=19456,t=2,p=1$";

  @Test
  void a_hash_records_its_parameters_and_verifies_only_the_right_password() {
    String hash = HASHER.hash("correct horse battery staple");
    assertThat(hash).startsWith(PREFIX);
    assertThat(HASHER.verify("correct horse battery staple", hash)).isTrue();
    assertThat(HASHER.verify("correct horse battery stapler", hash)).isFalse();
    assertThat(HASHER.needsRehash(hash)).isFalse();
  }

  @Test
  void two_hashes_of_one_password_differ_by_their_salt() {
    String a = HASHER.hash("pässwörd ✓");
    String b = HASHER.hash("pässwörd ✓");
    assertThat(a).isNotEqualTo(b);
    assertThat(a.split("\\$")[4]).as("salt").isNotEqualTo(b.split("\\$")[4]);
    assertThat(HASHER.verify("pässwörd ✓", b)).isTrue();
  }

  @Test
  void a_hash_made_with_weaker_parameters_verifies_and_needs_a_rehash() {
    String weak = PasswordHasher.hashWith(new PasswordHasher.Params(8192, 1, 1), "hunter22", new SecureRandom());
    assertThat(weak).startsWith("$argon2id$v=19$m=8192,t=1,p=1$");
    assertThat(HASHER.verify("hunter22", weak)).isTrue();
    assertThat(HASHER.verify("hunter23", weak)).isFalse();
    assertThat(HASHER.needsRehash(weak)).isTrue();
  }

  @Test
  void a_malformed_or_missing_hash_never_verifies_and_needs_a_rehash() {
    assertThat(HASHER.verify("hunter22", null)).isFalse();
    assertThat(HASHER.verify("hunter22", "$2a$10$notargon2atallnotargon2atallnotargon2atall")).isFalse();
    assertThat(HASHER.needsRehash(null)).isTrue();
    assertThat(HASHER.needsRehash("plain")).isTrue();
    assertThat(HASHER.needsRehash("$argon2i$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA")).isTrue();
  }

  @Test
  void parameters_below_the_minimum_are_refused() {
    assertThatThrownBy(() -> new PasswordHasher(new PasswordHasher.Params(8192, 2, 1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PasswordHasher(new PasswordHasher.Params(19 * 1024, 1, 1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PasswordHasher(new PasswordHasher.Params(19 * 1024, 2, 0))).isInstanceOf(IllegalArgumentException.class);
  }
}
