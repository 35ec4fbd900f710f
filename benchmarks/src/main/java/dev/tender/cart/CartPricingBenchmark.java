package dev.tender.cart;

import dev.tender.catalog.Catalog;
import dev.tender.cluster.Decision;
import dev.tender.cluster.DecisionContext;
import io.vertx.core.buffer.Buffer;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
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
 * What a partition spends per cart command: pricing a 5-line cart (every read and write does it),
 * a whole "set quantity" through the rules, and a priced view through the wire codec (what a reply
 * costs between nodes). Run with {@code -prof gc} for allocation per op.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CartPricingBenchmark {
  private CartPricing pricing;
  private CartBehaviour behaviour;
  private Cart cart;
  private Shopper shopper;
  private CartCommand.SetQuantity setQuantity;
  private final Instant now = Instant.parse("2026-11-22T10:00:00Z");
  private DecisionContext ctx;
  private CartWire.Replies replies;
  private CartReply view;
  private byte[] encodedView;

  @Setup
  public void setUp() throws Exception {
    Catalog catalog;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("dev/tender/catalog/demo-catalog.json")) {
      catalog = Catalog.parse(Buffer.buffer(in.readAllBytes()));
    }
    pricing = new CartPricing(catalog, ShippingPolicy.DEMO);
    behaviour = new CartBehaviour(catalog, pricing, Duration.ofDays(7));
    UserId owner = new UserId("bench");
    cart = new Cart(new CartId("c"), owner, List.of(
        new CartLine("p01", "p01-m", 1), new CartLine("p03", null, 2), new CartLine("p06", null, 3),
        new CartLine("p12", "p12-double", 1), new CartLine("p23", null, 1)),
        null, null, null, Map.of(), now, now, now.plus(Duration.ofDays(7)));
    shopper = new Shopper(owner, cart, List.of(), now.plus(Duration.ofDays(7)));
    setQuantity = new CartCommand.SetQuantity(owner, cart.id(), new CartLine("p03", null, 4));
    ctx = DecisionContext.of(now, "bench");
    replies = new CartWire.Replies(catalog);
    view = new CartReply.CartView(pricing.price(cart));
    encodedView = replies.toBytes(view);
  }

  @Benchmark
  public PricedCart price_five_lines() {
    return pricing.price(cart);
  }

  @Benchmark
  public Decision<Shopper, CartReply> set_quantity_and_price() {
    return behaviour.decide(shopper, setQuantity, ctx);
  }

  /** What a reply costs to send between nodes (and to record for idempotent replays). */
  @Benchmark
  public byte[] encode_priced_view() {
    return replies.toBytes(view);
  }

  /** What the receiving node pays: decoding, with no pricing. */
  @Benchmark
  public CartReply decode_priced_view() {
    return replies.fromBytes(encodedView);
  }
}
