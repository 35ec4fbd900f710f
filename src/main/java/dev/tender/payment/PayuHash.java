package dev.tender.payment;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Objects;

/**
 * PayU's SHA-512 hashes for one merchant: the request hash of a payment form, the reverse hash of a
 * callback, and the hash of API commands. Field order and separators follow PayU's own Node SDK
 * ({@code payu-websdk} 1.3.1, checked by {@code PayuWebSdkTest}); strings are hashed as UTF-8, an
 * unpaired surrogate as U+FFFD (as Node does).
 *
 * <p>Thread-safe. Each thread reuses one digest and its buffers, so a hash allocates only the
 * returned string and a verification allocates nothing.
 */
public final class PayuHash {
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);
  /** Byte → its two lowercase hex digits, high digit in the high byte. */
  private static final int[] HEX_PAIRS = new int[256];
  private static final byte[] UNHEX = new byte[128];
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  static {
    java.util.Arrays.fill(UNHEX, (byte) -1);
    for (int i = 0; i < 16; i++) {
      UNHEX[HEX[i]] = (byte) i;
      UNHEX[Character.toUpperCase(HEX[i])] = (byte) i;
    }
    for (int i = 0; i < 256; i++) {
      HEX_PAIRS[i] = HEX[i >> 4] << 8 | HEX[i & 0xF];
    }
  }

  // The constant parts of each hash input, ready to copy.
  private final char[] keyPipe;
  private final char[] pipe11Salt;
  private final char[] saltPipe;
  private final char[] pipeSalt;

  /**
   * @param key the merchant key
   * @param salt the merchant salt (the secret)
   */
  public PayuHash(String key, String salt) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(salt, "salt");
    if (key.isEmpty() || salt.isEmpty()) {
      throw new IllegalArgumentException("PayU key and salt must not be empty");
    }
    keyPipe = (key + "|").toCharArray();
    pipe11Salt = ("|".repeat(11) + salt).toCharArray();
    saltPipe = (salt + "|").toCharArray();
    pipeSalt = ("|" + salt).toCharArray();
  }

  /**
   * Rupees as PayU's {@code amount} field and JavaScript's {@code String(paise / 100)} write them:
   * shortest plain decimal, no trailing zeros (99715 → "997.15", 100000 → "1000", 9950 → "99.5").
   * The request hash covers this exact string, so it must be byte-for-byte what the form posts.
   *
   * @param paise non-negative
   */
  public static String amount(long paise) {
    if (paise < 0) {
      throw new IllegalArgumentException("amount must not be negative: " + paise);
    }
    char[] buf = new char[20]; // Long.MAX_VALUE: 17 digits of rupees, '.', 2 of paise
    int pos = buf.length;
    long rupees = paise / 100;
    int fraction = (int) (paise - rupees * 100);
    if (fraction != 0) {
      if (fraction % 10 != 0) {
        buf[--pos] = (char) ('0' + fraction % 10);
      }
      buf[--pos] = (char) ('0' + fraction / 10);
      buf[--pos] = '.';
    }
    do {
      buf[--pos] = (char) ('0' + rupees % 10);
      rupees /= 10;
    } while (rupees != 0);
    return new String(buf, pos, buf.length - pos);
  }

  /**
   * The hash of a payment request: {@code sha512(key|txnid|amount|productinfo|firstname|email|||||||||||salt)}
   * (udf1 to udf5 empty), lowercase hex.
   */
  public String requestHash(String txnid, String amount, String productinfo, String firstname, String email) {
    Objects.requireNonNull(txnid, "txnid");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(productinfo, "productinfo");
    Objects.requireNonNull(firstname, "firstname");
    Objects.requireNonNull(email, "email");
    Scratch s = SCRATCH.get();
    s.len = 0;
    s.put(keyPipe).put(txnid).pipe().put(amount).pipe().put(productinfo).pipe().put(firstname).pipe().put(email).put(pipe11Salt);
    return s.hex();
  }

  /**
   * PayU's reverse hash of a callback form:
   * {@code sha512([additionalCharges|]salt|status||||||udf5|udf4|udf3|udf2|udf1|email|firstname|productinfo|amount|txnid|key)},
   * lowercase hex. Every field, {@code key} included, is the form's (missing = empty);
   * {@code additionalCharges} is prefixed only when present and non-empty.
   */
  public String responseHash(Map<String, String> form) {
    Scratch s = SCRATCH.get();
    reverse(s, form);
    return s.hex();
  }

  /**
   * Whether the form's {@code hash} (hex, either case) is its reverse hash, compared in constant
   * time. False when the hash is missing or malformed.
   */
  public boolean verifyResponse(Map<String, String> form) {
    String given = form.get("hash");
    if (given == null || given.length() != 128) {
      return false;
    }
    Scratch s = SCRATCH.get();
    byte[] expected = s.given;
    for (int i = 0; i < 64; i++) {
      int hi = nibble(given.charAt(2 * i));
      int lo = nibble(given.charAt(2 * i + 1));
      if ((hi | lo) < 0) {
        return false;
      }
      expected[i] = (byte) (hi << 4 | lo);
    }
    reverse(s, form);
    s.digest();
    return MessageDigest.isEqual(s.digest, expected);
  }

  /** The hash of an API command (e.g. {@code verify_payment}): {@code sha512(key|command|var1|salt)}, lowercase hex. */
  public String apiHash(String command, String var1) {
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(var1, "var1");
    Scratch s = SCRATCH.get();
    s.len = 0;
    s.put(keyPipe).put(command).pipe().put(var1).put(pipeSalt);
    return s.hex();
  }

  /** {@code sha512(key|plainText|salt)}, lowercase hex: what {@code /payments/generate-hash} answers. */
  public String plainTextHash(String plainText) {
    Objects.requireNonNull(plainText, "plainText");
    Scratch s = SCRATCH.get();
    s.len = 0;
    s.put(keyPipe).put(plainText).put(pipeSalt);
    return s.hex();
  }

  private void reverse(Scratch s, Map<String, String> form) {
    s.len = 0;
    String additional = form.get("additionalCharges");
    if (additional != null && !additional.isEmpty()) {
      s.put(additional).pipe();
    }
    s.put(saltPipe).field(form, "status");
    for (int i = 0; i < 6; i++) {
      s.pipe();
    }
    s.field(form, "udf5").pipe().field(form, "udf4").pipe().field(form, "udf3").pipe().field(form, "udf2").pipe()
        .field(form, "udf1").pipe().field(form, "email").pipe().field(form, "firstname").pipe().field(form, "productinfo").pipe()
        .field(form, "amount").pipe().field(form, "txnid").pipe().field(form, "key");
  }

  private static int nibble(char c) {
    return c < 128 ? UNHEX[c] : -1;
  }

  /** One thread's digest and buffers. */
  private static final class Scratch {
    // A one-off huge field should not pin a huge buffer to the thread for good.
    private static final int KEEP_AT_MOST = 16 * 1024;

    final MessageDigest md;
    // UTF-8 with unpaired surrogates as U+FFFD, as Node (PayU's SDK) and browsers encode them.
    final CharsetEncoder utf8 = StandardCharsets.UTF_8.newEncoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE)
        .replaceWith(new byte[] {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD});
    final byte[] digest = new byte[64];
    final byte[] given = new byte[64];
    final byte[] hex = new byte[128];
    char[] chars;
    byte[] bytes;
    CharBuffer in;
    ByteBuffer out;
    int len; // chars written

    Scratch() {
      try {
        md = MessageDigest.getInstance("SHA-512");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-512 is required of every JDK", e);
      }
      allocate(256);
    }

    private void allocate(int capacity) {
      chars = java.util.Arrays.copyOf(chars == null ? new char[0] : chars, capacity);
      bytes = new byte[capacity * 3]; // UTF-8: at most 3 bytes per char (a surrogate pair is 4 for 2)
      in = CharBuffer.wrap(chars);
      out = ByteBuffer.wrap(bytes);
    }

    private void ensure(long more) {
      long need = len + more;
      if (need > chars.length) {
        if (need > (Integer.MAX_VALUE - 16) / 3) {
          throw new IllegalArgumentException("PayU hash input too large");
        }
        allocate((int) Math.max(need, Math.min(2L * chars.length, (Integer.MAX_VALUE - 16) / 3)));
      }
    }

    Scratch pipe() {
      ensure(1);
      chars[len++] = '|';
      return this;
    }

    Scratch put(char[] c) {
      ensure(c.length);
      System.arraycopy(c, 0, chars, len, c.length);
      len += c.length;
      return this;
    }

    // Fields are gathered as chars and encoded once: the JDK's encoder copies ASCII runs with
    // vectorized code, which per-char loops over String.charAt do not get.
    Scratch put(String s) {
      int n = s.length();
      ensure(n);
      s.getChars(0, n, chars, len);
      len += n;
      return this;
    }

    Scratch field(Map<String, String> form, String name) {
      String v = form.get(name);
      return v == null ? this : put(v);
    }

    /** Encodes chars[0, len) as UTF-8 and digests it into {@link #digest}. */
    void digest() {
      in.limit(len).position(0);
      out.clear();
      utf8.reset();
      CoderResult r = utf8.encode(in, out, true);
      if (!r.isUnderflow()) {
        throw new IllegalStateException("UTF-8 encoding: " + r); // the byte buffer always has room
      }
      md.update(bytes, 0, out.position());
      try {
        md.digest(digest, 0, 64);
      } catch (DigestException e) {
        throw new IllegalStateException(e); // 64 bytes always fit SHA-512
      } finally {
        if (chars.length > KEEP_AT_MOST) {
          chars = null;
          allocate(256);
        }
      }
    }

    String hex() {
      digest();
      byte[] d = digest;
      byte[] h = hex;
      // Four bytes of digest, eight hex digits, one store.
      for (int i = 0; i < 16; i++) {
        int j = 4 * i;
        long w = (long) HEX_PAIRS[d[j] & 0xFF] << 48 | (long) HEX_PAIRS[d[j + 1] & 0xFF] << 32
            | (long) HEX_PAIRS[d[j + 2] & 0xFF] << 16 | HEX_PAIRS[d[j + 3] & 0xFF];
        LONGS.set(h, 8 * i, w);
      }
      return new String(h, 0, 128, StandardCharsets.ISO_8859_1);
    }
  }
}
