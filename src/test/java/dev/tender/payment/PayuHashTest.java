package dev.tender.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class PayuHashTest {
  // PayU's published sandbox merchant.
  private static final String KEY = "gtKFFx";
  private static final String SALT = "eCwWELxi";
  private final PayuHash payu = new PayuHash(KEY, SALT);

  /** The reference: the string as written, its lone surrogates as U+FFFD (as Node encodes them), SHA-512, hex. */
  private static String sha512Hex(String s) {
    StringBuilder clean = new StringBuilder();
    s.codePoints().forEach(cp -> clean.appendCodePoint(Character.isSurrogate((char) cp) && cp <= 0xFFFF ? 0xFFFD : cp));
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(clean.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static String bigDecimalAmount(long paise) {
    return BigDecimal.valueOf(paise, 2).stripTrailingZeros().toPlainString();
  }

  private static Map<String, String> callback() {
    Map<String, String> form = new HashMap<>();
    form.put("key", KEY);
    form.put("txnid", "T-ORD-1001-1");
    form.put("amount", "997.15");
    form.put("productinfo", "Order ORD-1001");
    form.put("firstname", "Asha");
    form.put("email", "asha@example.com");
    form.put("status", "success");
    form.put("mihpayid", "403993715531077182");
    form.put("udf1", "");
    return form;
  }

  @Test
  void amount_is_the_shortest_plain_rupees() {
    assertThat(PayuHash.amount(99_715)).isEqualTo("997.15");
    assertThat(PayuHash.amount(100_000)).isEqualTo("1000");
    assertThat(PayuHash.amount(9_950)).isEqualTo("99.5");
    assertThat(PayuHash.amount(5)).isEqualTo("0.05");
    assertThat(PayuHash.amount(50)).isEqualTo("0.5");
    assertThat(PayuHash.amount(0)).isEqualTo("0");
    assertThat(PayuHash.amount(Long.MAX_VALUE)).isEqualTo("92233720368547758.07");
    assertThatThrownBy(() -> PayuHash.amount(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void amount_matches_big_decimal_for_every_value_up_to_a_thousand_rupees_and_around_powers_of_ten() {
    for (long p = 0; p <= 100_000; p++) {
      assertThat(PayuHash.amount(p)).isEqualTo(bigDecimalAmount(p));
    }
    for (long power = 10; power > 0 && power <= Long.MAX_VALUE / 10; power *= 10) {
      for (long p = Math.max(0, power - 101); p <= power + 101; p++) {
        assertThat(PayuHash.amount(p)).isEqualTo(bigDecimalAmount(p));
      }
    }
  }

  @Property(tries = 5_000)
  void amount_matches_big_decimal(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long paise) {
    assertThat(PayuHash.amount(paise)).isEqualTo(bigDecimalAmount(paise));
  }

  @Test
  void request_hash_covers_key_fields_eleven_pipes_and_salt() {
    String hash = payu.requestHash("T-ORD-1001-1", "997.15", "Order ORD-1001", "Asha", "asha@example.com");
    assertThat(hash).isEqualTo(sha512Hex("gtKFFx|T-ORD-1001-1|997.15|Order ORD-1001|Asha|asha@example.com|||||||||||eCwWELxi"));
    assertThat(hash).hasSize(128).matches("[0-9a-f]{128}");
  }

  @Test
  void known_vectors_from_payus_node_sdk() {
    // Computed with payu-websdk 1.3.1 (hasher.generatePaymentHash, generateResponseHash, apiHasher).
    assertThat(payu.requestHash("t1", "10.5", "p", "Zoë", "a@b.c")).isEqualTo(
        "f758e5731e7ad210164ac2ae10223e856362fb7de61da7a6b981913d7cb380e6a1ee62a6b44dfda61858509ed090dcd559df94076578fe0b41815b4931e22f1a");
    Map<String, String> form = Map.of("status", "success", "txnid", "t1", "amount", "10.5", "productinfo", "p",
        "firstname", "\ud800x", "email", "a@b.c", "key", KEY); // a lone surrogate: Node hashes it as U+FFFD
    assertThat(payu.responseHash(form)).isEqualTo(
        "f1771a12086d1af439843edd75e6234b878a911ddbc0bda8bc112a438f2e63f7bb084caa4936df5ee44f0223b8224a062c9cf0f8229b288d8cf6a962497d9e59");
    assertThat(payu.apiHash("verify_payment", "t1")).isEqualTo(
        "43b63cce9fa7bb073542e2e4eba13b4a6c2325e8c2f1679c9e32cd7aba69de44ac2c1d79e89ed73140e9cecda72fb09b58e4dbda734853b5db3e28707ffe68bc");
  }

  @Test
  void response_hash_is_the_reverse_order_with_the_forms_key_and_missing_fields_empty() {
    Map<String, String> form = callback();
    form.put("udf2", "two");
    assertThat(payu.responseHash(form)).isEqualTo(
        sha512Hex("eCwWELxi|success|||||||||two||asha@example.com|Asha|Order ORD-1001|997.15|T-ORD-1001-1|gtKFFx"));
    form.put("key", "other");
    assertThat(payu.responseHash(form)).isEqualTo(
        sha512Hex("eCwWELxi|success|||||||||two||asha@example.com|Asha|Order ORD-1001|997.15|T-ORD-1001-1|other"));
    assertThat(payu.responseHash(Map.of())).isEqualTo(sha512Hex("eCwWELxi|||||||||||||||||"));
  }

  @Test
  void additional_charges_are_prefixed_only_when_present_and_not_empty() {
    Map<String, String> form = callback();
    String without = payu.responseHash(form);
    form.put("additionalCharges", "");
    assertThat(payu.responseHash(form)).isEqualTo(without);
    form.put("additionalCharges", "25.5");
    assertThat(payu.responseHash(form)).isEqualTo(
        sha512Hex("25.5|eCwWELxi|success|||||||||||asha@example.com|Asha|Order ORD-1001|997.15|T-ORD-1001-1|gtKFFx"));

    form.put("hash", payu.responseHash(form));
    assertThat(payu.verifyResponse(form)).isTrue();
    form.put("additionalCharges", "0.5");
    assertThat(payu.verifyResponse(form)).isFalse();
    form.remove("additionalCharges");
    assertThat(payu.verifyResponse(form)).isFalse();
  }

  @Test
  void verify_accepts_the_right_hash_in_either_case() {
    Map<String, String> form = callback();
    form.put("hash", payu.responseHash(form));
    assertThat(payu.verifyResponse(form)).isTrue();
    form.put("hash", form.get("hash").toUpperCase(Locale.ROOT));
    assertThat(payu.verifyResponse(form)).isTrue();
  }

  @Test
  void verify_rejects_a_tampered_field_or_hash() {
    Map<String, String> signed = callback();
    signed.put("hash", payu.responseHash(signed));
    for (String field : List.of("key", "txnid", "amount", "productinfo", "firstname", "email", "status", "udf1", "udf5")) {
      Map<String, String> form = new HashMap<>(signed);
      form.put(field, form.getOrDefault(field, "") + "x");
      assertThat(payu.verifyResponse(form)).as(field).isFalse();
    }
    Map<String, String> failure = new HashMap<>(signed);
    failure.put("status", "failure");
    assertThat(payu.verifyResponse(failure)).isFalse();

    String hash = signed.get("hash");
    char flipped = hash.charAt(77) == '0' ? '1' : '0';
    Map<String, String> form = new HashMap<>(signed);
    form.put("hash", hash.substring(0, 77) + flipped + hash.substring(78));
    assertThat(payu.verifyResponse(form)).isFalse();
    // Fields the hash does not cover may change.
    form = new HashMap<>(signed);
    form.put("mihpayid", "other");
    assertThat(payu.verifyResponse(form)).isTrue();
    // Signed with another salt.
    form = callback();
    form.put("hash", new PayuHash(KEY, "otherSalt").responseHash(form));
    assertThat(payu.verifyResponse(form)).isFalse();
  }

  @Test
  void verify_rejects_a_missing_or_malformed_hash() {
    Map<String, String> form = callback();
    String hash = payu.responseHash(form);
    assertThat(payu.verifyResponse(form)).isFalse();
    for (String bad : List.of("", hash.substring(1), hash + "0", "g" + hash.substring(1), "é" + hash.substring(1),
        " " + hash.substring(1), hash.substring(0, 127) + "\u0130")) {
      form.put("hash", bad);
      assertThat(payu.verifyResponse(form)).as(bad).isFalse();
    }
  }

  @Test
  void api_and_plain_text_hashes() {
    assertThat(payu.apiHash("verify_payment", "T-1|T-2")).isEqualTo(sha512Hex("gtKFFx|verify_payment|T-1|T-2|eCwWELxi"));
    assertThat(payu.plainTextHash("vpa_validate|name@upi")).isEqualTo(sha512Hex("gtKFFx|vpa_validate|name@upi|eCwWELxi"));
  }

  @Property(tries = 1_000)
  void fields_are_hashed_as_utf8(@ForAll String text) {
    assertThat(payu.plainTextHash(text)).isEqualTo(sha512Hex(KEY + "|" + text + "|" + SALT));
  }

  @Test
  void non_ascii_and_long_fields() {
    for (String s : List.of("राहुल शर्मा", "Zoë Ñúñez", "😀 emoji", "\udc00 low first", "high last \ud83d", "\u07ff\u0800\uffff")) {
      assertThat(payu.plainTextHash(s)).as(s).isEqualTo(sha512Hex(KEY + "|" + s + "|" + SALT));
    }
    // Past the initial buffer, and past what a thread keeps (the buffer is then dropped).
    for (int n : new int[] {600, 70_000, 10}) {
      String s = "ॐ".repeat(n);
      assertThat(payu.plainTextHash(s)).isEqualTo(sha512Hex(KEY + "|" + s + "|" + SALT));
    }
  }

  @Test
  void is_safe_to_share_between_threads() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new java.util.ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int id = t;
        results.add(pool.submit(() -> {
          for (int i = 0; i < 2_000; i++) {
            String txnid = "T-" + id + "-" + i;
            String expected = sha512Hex(KEY + "|" + txnid + "|1|p|f|e|||||||||||" + SALT);
            if (!payu.requestHash(txnid, "1", "p", "f", "e").equals(expected)) {
              return false;
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> r : results) {
        assertThat(r.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void refuses_an_empty_key_or_salt() {
    assertThatThrownBy(() -> new PayuHash("", SALT)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PayuHash(KEY, "")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PayuHash(null, SALT)).isInstanceOf(NullPointerException.class);
  }
}
