package dev.tender.payment;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Objects;

/**
 * PayU's SHA-512 hashes for one merchant: the request hash of a payment form, the reverse hash of a
 * callback, and the hash of API commands. Field order and separators follow PayU's own Node SDK
 * ({@code payu-websdk} 1.3.1, checked by {@code PayuWebSdkTest}); strings are hashed as UTF-8.
 *
 * <p>Thread-safe. Each thread reuses one digest and its buffers, so a hash allocates only the
 * returned string and a verification allocates nothing.
 */
public final class PayuHash {
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);
  private static final byte[] UNHEX = new byte[128];
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  static {
    java.util.Arrays.fill(UNHEX, (byte) -1);
    for (int i = 0; i < 16; i++) {
      UNHEX[HEX[i]] = (byte) i;
      UNHEX[Character.toUpperCase(HEX[i])] = (byte) i;
    }
  }

  private final String key;
  private final String salt;

  /**
   * @param key the merchant key
   * @param salt the merchant salt (the secret)
   */
  public PayuHash(String key, String salt) {
    this.key = Objects.requireNonNull(key, "key");
    this.salt = Objects.requireNonNull(salt, "salt");
    if (key.isEmpty() || salt.isEmpty()) {
      throw new IllegalArgumentException("PayU key and salt must not be empty");
    }
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
    Scratch s = SCRATCH.get();
    s.len = 0;
    s.put(key).pipe().put(Objects.requireNonNull(txnid, "txnid")).pipe().put(Objects.requireNonNull(amount, "amount")).pipe()
        .put(Objects.requireNonNull(productinfo, "productinfo")).pipe().put(Objects.requireNonNull(firstname, "firstname")).pipe()
        .put(Objects.requireNonNull(email, "email"));
    for (int i = 0; i < 11; i++) {
      s.pipe();
    }
    s.put(salt);
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
    Scratch s = SCRATCH.get();
    s.len = 0;
    s.put(key).pipe().put(Objects.requireNonNull(command, "command")).pipe().put(Objects.requireNonNull(var1, "var1")).pipe()
        .put(salt);
    return s.hex();
  }

  /** {@code sha512(key|plainText|salt)}, lowercase hex: what {@code /payments/generate-hash} answers. */
  public String plainTextHash(String plainText) {
    Scratch s = SCRATCH.get();
    s.len = 0;
    s.put(key).pipe().put(Objects.requireNonNull(plainText, "plainText")).pipe().put(salt);
    return s.hex();
  }

  private void reverse(Scratch s, Map<String, String> form) {
    s.len = 0;
    String additional = form.get("additionalCharges");
    if (additional != null && !additional.isEmpty()) {
      s.put(additional).pipe();
    }
    s.put(salt).pipe().field(form, "status");
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
    private static final int KEEP_AT_MOST = 64 * 1024;

    final MessageDigest md;
    final byte[] digest = new byte[64];
    final byte[] given = new byte[64];
    final byte[] hex = new byte[128];
    byte[] buf = new byte[512];
    int len;

    Scratch() {
      try {
        md = MessageDigest.getInstance("SHA-512");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-512 is required of every JDK", e);
      }
    }

    Scratch pipe() {
      if (len == buf.length) {
        grow(1);
      }
      buf[len++] = '|';
      return this;
    }

    Scratch field(Map<String, String> form, String name) {
      String v = form.get(name);
      return v == null ? this : put(v);
    }

    /** Appends s as UTF-8 (an unpaired surrogate as U+FFFD, as Node and browsers encode it). */
    Scratch put(String s) {
      int n = s.length();
      if (buf.length - len < 3L * n) {
        grow(3L * n); // at most 3 bytes per char: a surrogate pair is 4 bytes for 2 chars
      }
      byte[] b = buf;
      int p = len;
      int i = 0;
      for (; i < n; i++) {
        char c = s.charAt(i);
        if (c >= 0x80) {
          break;
        }
        b[p++] = (byte) c;
      }
      for (; i < n; i++) {
        char c = s.charAt(i);
        if (c < 0x80) {
          b[p++] = (byte) c;
        } else if (c < 0x800) {
          b[p++] = (byte) (0xC0 | c >> 6);
          b[p++] = (byte) (0x80 | c & 0x3F);
        } else if (!Character.isSurrogate(c)) {
          b[p++] = (byte) (0xE0 | c >> 12);
          b[p++] = (byte) (0x80 | c >> 6 & 0x3F);
          b[p++] = (byte) (0x80 | c & 0x3F);
        } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          int cp = Character.toCodePoint(c, s.charAt(++i));
          b[p++] = (byte) (0xF0 | cp >> 18);
          b[p++] = (byte) (0x80 | cp >> 12 & 0x3F);
          b[p++] = (byte) (0x80 | cp >> 6 & 0x3F);
          b[p++] = (byte) (0x80 | cp & 0x3F);
        } else {
          b[p++] = (byte) 0xEF;
          b[p++] = (byte) 0xBF;
          b[p++] = (byte) 0xBD;
        }
      }
      len = p;
      return this;
    }

    private void grow(long more) {
      long need = len + more;
      if (need > Integer.MAX_VALUE - 16) {
        throw new IllegalArgumentException("PayU hash input too large");
      }
      buf = java.util.Arrays.copyOf(buf, (int) Math.max(need, Math.min(2L * buf.length, Integer.MAX_VALUE - 16)));
    }

    /** Digests buf[0, len) into {@link #digest}. */
    void digest() {
      md.update(buf, 0, len);
      try {
        md.digest(digest, 0, 64);
      } catch (DigestException e) {
        throw new IllegalStateException(e); // 64 bytes always fit SHA-512
      } finally {
        if (buf.length > KEEP_AT_MOST) {
          buf = new byte[512];
        }
      }
    }

    String hex() {
      digest();
      byte[] d = digest;
      byte[] h = hex;
      for (int i = 0; i < 64; i++) {
        h[2 * i] = HEX[d[i] >> 4 & 0xF];
        h[2 * i + 1] = HEX[d[i] & 0xF];
      }
      return new String(h, 0, 128, StandardCharsets.ISO_8859_1);
    }
  }
}
