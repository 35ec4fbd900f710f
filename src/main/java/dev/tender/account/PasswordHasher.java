package dev.tender.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Customer passwords as Argon2id in the PHC string form ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}),
 * which records its own parameters, so a hash made under weaker settings is recognised
 * ({@link #needsRehash}) and replaced at the next sign-in. Hashing costs tens of milliseconds of CPU
 * by design: callers run it on a worker thread, never on an event loop.
 */
public final class PasswordHasher {
  /** OWASP's minimum for Argon2id: 19 MiB, 2 passes, 1 lane. */
  public static final Params MINIMUM = new Params(19 * 1024, 2, 1);
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final Pattern PHC =
      Pattern.compile("\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,3}),p=(\\d{1,2})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  /** Memory in KiB, passes, lanes. */
  public record Params(int memoryKib, int iterations, int parallelism) {
    boolean weakerThan(Params p) {
      return memoryKib < p.memoryKib || iterations < p.iterations || parallelism < p.parallelism;
    }
  }

  private final Params params;
  private final SecureRandom random = new SecureRandom();
  /**
   * Verified against when the account is unknown, so an unknown user costs what a wrong password costs. Made at
   * first use, on the worker that needs it (hashing is never done where the hasher is built, an event loop).
   */
  private volatile String decoy;

  public PasswordHasher(Params params) {
    if (params.weakerThan(MINIMUM)) {
      throw new IllegalArgumentException("Argon2id parameters below m=19 MiB, t=2, p=1: " + params);
    }
    this.params = params;
  }

  public PasswordHasher() {
    this(MINIMUM);
  }

  public String hash(String password) {
    return hashWith(params, password, random);
  }

  /** A hash under any parameters, however weak: how hashes made by older settings look (tests of the rehash). */
  public static String hashWith(Params p, String password, SecureRandom random) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] out = derive(password, salt, p, HASH_BYTES);
    return "$argon2id$v=19$m=" + p.memoryKib + ",t=" + p.iterations + ",p=" + p.parallelism
        + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(out);
  }

  /** Whether {@code password} matches {@code stored}; a null or malformed {@code stored} costs the same and answers false. */
  public boolean verify(String password, String stored) {
    Matcher m = stored == null ? null : PHC.matcher(stored);
    if (m == null || !m.matches()) {
      verify(password, decoy());
      return false;
    }
    Params p = new Params(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    byte[] expected = B64D.decode(m.group(5));
    byte[] actual = derive(password, B64D.decode(m.group(4)), p, expected.length);
    return MessageDigest.isEqual(expected, actual);
  }

  /** Runs a verification that cannot succeed, for the unknown-account path. */
  public void burn(String password) {
    verify(password, decoy());
  }

  private String decoy() {
    String d = decoy;
    if (d == null) {
      d = hash("decoy password never used");
      decoy = d;
    }
    return d;
  }

  /** Whether {@code stored} was made with weaker settings than this hasher's (or is not Argon2id at all). */
  public boolean needsRehash(String stored) {
    Matcher m = stored == null ? null : PHC.matcher(stored);
    if (m == null || !m.matches()) {
      return true;
    }
    return new Params(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))).weakerThan(params);
  }

  private static byte[] derive(String password, byte[] salt, Params p, int length) {
    Argon2BytesGenerator gen = new Argon2BytesGenerator();
    gen.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withMemoryAsKB(p.memoryKib).withIterations(p.iterations).withParallelism(p.parallelism).withSalt(salt).build());
    byte[] out = new byte[length];
    gen.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    return out;
  }
}
