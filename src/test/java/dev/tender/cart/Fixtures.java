package dev.tender.cart;

import dev.tender.catalog.Catalog;
import dev.tender.cluster.DecisionContext;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;

/** The demo catalog and a behaviour over it, for the pure tests. */
public final class Fixtures {
  public static final Catalog CATALOG = loadDemoCatalog();
  public static final Duration TTL = Duration.ofDays(7);
  public static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

  private Fixtures() {}

  public static CartBehaviour behaviour() {
    return new CartBehaviour(CATALOG, new CartPricing(CATALOG, ShippingPolicy.DEMO), TTL);
  }

  /** A decision context at {@code now}, as the partition actor gives one. */
  public static DecisionContext at(Instant now) {
    return DecisionContext.of(now, "test");
  }

  public static Address address() {
    return new Address(null, "Asha", "Rao", "+91", "9876543210", "asha@example.com", "12 MG Road", null, null,
        "560001", "Bengaluru", "Karnataka", "India", null, null, null);
  }

  private static Catalog loadDemoCatalog() {
    try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream("dev/tender/catalog/demo-catalog.json")) {
      return Catalog.parse(Buffer.buffer(in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
