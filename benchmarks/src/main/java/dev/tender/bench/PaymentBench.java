package dev.tender.bench;

import dev.tender.payment.PaymentSplit;
import dev.tender.payment.PayuHash;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What placing an order and taking PayU's callback cost in CPU: splitting the amount due over five
 * tenders (primitive core, the friendly API, and a BigDecimal baseline), signing the payment request
 * (ours, a naive one, and the bare SHA-512 of the same bytes as the floor), and verifying a callback.
 * Run with {@code -prof gc} for allocation per op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PaymentBench {
  private static final String KEY = "gtKFFx";
  private static final String SALT = "eCwWELxi";
  private static final String TXNID = "T-ORD-20261123-000123-1";
  private static final String AMOUNT = "997.15";
  private static final String PRODUCTINFO = "Order ORD-20261123-000123";
  private static final String FIRSTNAME = "Asha";
  private static final String EMAIL = "asha.verma@example.com";

  // Two gift cards (one capped by its request), store credit, points at ₹1, a third card; the gateway pays the rest.
  private long due = 99_715;
  private final long[] requested = {PaymentSplit.ALL, 15_000, PaymentSplit.ALL, PaymentSplit.ALL, PaymentSplit.ALL};
  private final long[] available = {20_000, 50_000, 10_000, 12_300, 30_000};
  private final long[] unit = {1, 1, 1, 100, 1};
  private final long[] out = new long[5];
  private List<PaymentSplit.Tender> tenders;
  private BigDecimal dueRupees;
  private List<NaivePaymentSplit.Tender> naiveTenders;

  private PayuHash payu;
  private String txnid = TXNID;
  private String amount = AMOUNT;
  private String productinfo = PRODUCTINFO;
  private String firstname = FIRSTNAME;
  private String email = EMAIL;
  private Map<String, String> callback;
  private MessageDigest md;
  private byte[] requestBytes;
  private final byte[] digest = new byte[64];

  @Setup
  public void setUp() throws NoSuchAlgorithmException {
    PaymentSplit.Type[] types = {PaymentSplit.Type.GIFT_CARD, PaymentSplit.Type.GIFT_CARD, PaymentSplit.Type.STORE_CREDIT,
        PaymentSplit.Type.LOYALTY_POINTS, PaymentSplit.Type.GIFT_CARD};
    PaymentSplit.Tender[] t = new PaymentSplit.Tender[5];
    NaivePaymentSplit.Tender[] n = new NaivePaymentSplit.Tender[5];
    for (int i = 0; i < 5; i++) {
      t[i] = new PaymentSplit.Tender(types[i], "ref-" + i, requested[i], available[i], unit[i]);
      n[i] = new NaivePaymentSplit.Tender(requested[i] == PaymentSplit.ALL ? null : BigDecimal.valueOf(requested[i], 2),
          BigDecimal.valueOf(available[i], 2), BigDecimal.valueOf(unit[i], 2));
    }
    tenders = List.of(t);
    naiveTenders = List.of(n);
    dueRupees = BigDecimal.valueOf(due, 2);

    payu = new PayuHash(KEY, SALT);
    callback = new HashMap<>();
    callback.put("key", KEY);
    callback.put("txnid", TXNID);
    callback.put("amount", AMOUNT);
    callback.put("productinfo", PRODUCTINFO);
    callback.put("firstname", FIRSTNAME);
    callback.put("email", EMAIL);
    callback.put("status", "success");
    callback.put("mihpayid", "403993715531077182");
    callback.put("mode", "UPI");
    callback.put("hash", payu.responseHash(callback));
    md = MessageDigest.getInstance("SHA-512");
    requestBytes = (KEY + "|" + TXNID + "|" + AMOUNT + "|" + PRODUCTINFO + "|" + FIRSTNAME + "|" + EMAIL + "|||||||||||" + SALT)
        .getBytes(StandardCharsets.UTF_8);
    if (!payu.verifyResponse(callback) || !naiveSign().equals(requestHash())) {
      throw new IllegalStateException("benchmark inputs do not agree");
    }
  }

  @Benchmark
  public long split_allocate_five_tenders() {
    return PaymentSplit.allocate(due, requested, available, unit, 5, out);
  }

  @Benchmark
  public List<PaymentSplit.Group> split_groups_five_tenders() {
    return PaymentSplit.split(due, tenders);
  }

  @Benchmark
  public List<BigDecimal> split_bigdecimal_naive() {
    return NaivePaymentSplit.split(dueRupees, naiveTenders);
  }

  @Benchmark
  public String sign_request_hash() {
    return payu.requestHash(txnid, amount, productinfo, firstname, email);
  }

  /** The obvious way: concatenation, a new MessageDigest per call, String.format per byte. */
  @Benchmark
  public String sign_naive() {
    return naiveSign();
  }

  @Benchmark
  public boolean verify_callback() {
    return payu.verifyResponse(callback);
  }

  /** The floor of signing: SHA-512 of the same bytes, already encoded, into a reused array; no hex, no string. */
  @Benchmark
  public byte[] sha512_floor() throws DigestException {
    md.update(requestBytes, 0, requestBytes.length);
    md.digest(digest, 0, 64);
    return digest;
  }

  private String requestHash() {
    return payu.requestHash(txnid, amount, productinfo, firstname, email);
  }

  private String naiveSign() {
    try {
      String s = KEY + "|" + txnid + "|" + amount + "|" + productinfo + "|" + firstname + "|" + email + "|||||||||||" + SALT;
      byte[] d = MessageDigest.getInstance("SHA-512").digest(s.getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder(128);
      for (byte b : d) {
        hex.append(String.format("%02x", b));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
