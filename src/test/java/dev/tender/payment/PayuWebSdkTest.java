package dev.tender.payment;

import dev.tender.sdk.NodeScripts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our PayU hashes against PayU's own Node SDK ({@code payu-websdk@1.3.1}, pinned in the SDK test
 * package {@code src/test/sdk}): {@code src/test/sdk/payu-hashes.mjs} computes the SDK's hashes of
 * random field sets and we compare. Needs node and npm; skipped without them (or without the
 * package, if it cannot be installed) unless {@code TENDER_TEST_REQUIRE_SDK=1} (as in CI).
 */
class PayuWebSdkTest {
  private static final File DIR = NodeScripts.DIR;
  private static final String KEY = "gtKFFx";
  private static final String SALT = "eCwWELxi";
  private static final String[] FIRST_NAMES = {"Asha", "राहुल", "Zoë", "Ñúñez O'Brien", "李雷", "Amy 😀", "a|b", "", "\ud83d lone"};
  private static final String[] WORDS = {"Order", "ORD-1001", "कुर्ता", "tee", "Café", "x", "10% off", "\"quoted\"", "a\\b", "tab\t"};

  @BeforeAll
  static void installSdk() throws Exception {
    boolean required = "1".equals(System.getenv("TENDER_TEST_REQUIRE_SDK"));
    boolean haveNode = NodeScripts.haveNode();
    if (!required) {
      assumeTrue(haveNode, "node is not installed");
    }
    assertThat(haveNode).as("node is required (TENDER_TEST_REQUIRE_SDK=1)").isTrue();
    if (!installed()) {
      // .ci/run installs the package beforehand; this is for a developer's first run.
      NodeScripts.Result install = NodeScripts.run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), 300);
      if (!required) {
        assumeTrue(install.exitCode() == 0 && installed(), "payu-websdk could not be installed:\n" + install.output());
      }
      assertThat(install.exitCode()).as("npm ci:\n" + install.output()).isZero();
    }
    assertThat(installed()).as("payu-websdk 1.3.1 in src/test/sdk/node_modules").isTrue();
  }

  private static boolean installed() throws Exception {
    File pkg = new File(DIR, "node_modules/payu-websdk/package.json");
    return pkg.isFile() && "1.3.1".equals(new JsonObject(Files.readString(pkg.toPath())).getString("version"));
  }

  @Test
  void our_hashes_match_payus_node_sdk() throws Exception {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    PayuHash payu = new PayuHash(KEY, SALT);

    List<Map<String, String>> payments = new ArrayList<>();
    List<Map<String, String>> responses = new ArrayList<>();
    List<String> var1s = new ArrayList<>();
    List<Long> paises = new ArrayList<>();
    StringBuilder json = new StringBuilder("{\"key\":").append(quote(KEY)).append(",\"salt\":").append(quote(SALT)).append(",\"cases\":[");
    for (int i = 0; i < 20; i++) {
      long paise = switch (i % 4) {
        case 0 -> random.nextInt(100);
        case 1 -> random.nextInt(10_000_000);
        case 2 -> random.nextInt(10_000) * 100L;
        default -> (long) (random.nextDouble() * 1e14);
      };
      String amount = PayuHash.amount(paise);
      String txnid = "T-ORD-" + random.nextInt(1_000_000) + "-" + (1 + random.nextInt(3));
      Map<String, String> payment = new LinkedHashMap<>();
      payment.put("txnid", txnid);
      payment.put("amount", amount);
      payment.put("productinfo", words(random));
      payment.put("firstname", FIRST_NAMES[random.nextInt(FIRST_NAMES.length)]);
      payment.put("email", "buyer" + random.nextInt(1000) + "@example.com");

      Map<String, String> response = new LinkedHashMap<>(payment);
      // The SDK hashes its own key, we the form's: the same for every callback the route accepts.
      response.put("key", KEY);
      response.put("status", new String[] {"success", "failure", "pending"}[random.nextInt(3)]);
      response.put("mihpayid", Long.toString(random.nextLong() & Long.MAX_VALUE));
      for (int u = 1; u <= 5; u++) {
        if (random.nextBoolean()) {
          response.put("udf" + u, random.nextBoolean() ? "" : words(random));
        }
      }
      // Non-empty only: the SDK prefixes "|" even for an empty value, PayU's docs (and we) do not.
      if (random.nextInt(3) == 0) {
        response.put("additionalCharges", PayuHash.amount(1 + random.nextInt(50_000)));
      }
      String var1 = random.nextBoolean() ? txnid : txnid + "|" + "T-ORD-" + random.nextInt(1000) + "-1";

      json.append(i == 0 ? "" : ",").append("{\"payment\":").append(object(payment)).append(",\"response\":").append(object(response))
          .append(",\"javaResponseHash\":").append(quote(payu.responseHash(response))).append(",\"command\":\"verify_payment\"")
          .append(",\"var1\":").append(quote(var1)).append(",\"paise\":").append(paise).append('}');
      payments.add(payment);
      responses.add(response);
      var1s.add(var1);
      paises.add(paise);
    }
    json.append("]}");

    File input = File.createTempFile("tender-payu", ".json");
    input.deleteOnExit();
    Files.writeString(input.toPath(), json, StandardCharsets.US_ASCII);
    NodeScripts.Result r = NodeScripts.run(List.of("node", "payu-hashes.mjs", input.getAbsolutePath()), Map.of(), 60);
    assertThat(r.exitCode()).as(r.output()).isZero();
    JsonArray sdk = new JsonArray(r.output());
    assertThat(sdk.size()).isEqualTo(20);

    for (int i = 0; i < 20; i++) {
      JsonObject expected = sdk.getJsonObject(i);
      Map<String, String> p = payments.get(i);
      Map<String, String> response = responses.get(i);
      String what = "seed " + seed + ", case " + i + ": " + response;
      assertThat(payu.requestHash(p.get("txnid"), p.get("amount"), p.get("productinfo"), p.get("firstname"), p.get("email")))
          .as(what).isEqualTo(expected.getString("paymentHash"));
      assertThat(payu.responseHash(response)).as(what).isEqualTo(expected.getString("responseHash"));
      assertThat(expected.getBoolean("validates")).as(what).isTrue();
      Map<String, String> signed = new LinkedHashMap<>(response);
      signed.put("hash", expected.getString("responseHash"));
      assertThat(payu.verifyResponse(signed)).as(what).isTrue();
      assertThat(payu.apiHash("verify_payment", var1s.get(i))).as(what).isEqualTo(expected.getString("apiHash"));
      assertThat(PayuHash.amount(paises.get(i))).as(what).isEqualTo(expected.getString("amount"));
    }
  }

  private static String words(Random random) {
    StringBuilder s = new StringBuilder();
    for (int n = 1 + random.nextInt(4); n > 0; n--) {
      s.append(s.isEmpty() ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
    }
    return s.toString();
  }

  private static String object(Map<String, String> map) {
    StringBuilder s = new StringBuilder("{");
    map.forEach((k, v) -> s.append(s.length() == 1 ? "" : ",").append(quote(k)).append(':').append(quote(v)));
    return s.append('}').toString();
  }

  /** A JSON string in ASCII: every other char escaped, so lone surrogates reach node as they are. */
  private static String quote(String v) {
    StringBuilder s = new StringBuilder("\"");
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
        s.append(c);
      } else {
        s.append(String.format("\\u%04x", (int) c));
      }
    }
    return s.append('"').toString();
  }
}
