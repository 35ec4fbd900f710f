package dev.tender.store;

import dev.tender.cart.Cart;
import dev.tender.cart.CartId;
import dev.tender.cart.CartLine;
import dev.tender.cart.Shopper;
import dev.tender.cart.ShopperStore;
import dev.tender.cart.UserId;
import dev.tender.cart.WishlistEntry;
import dev.tender.cluster.AggregateStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Shoppers in PostgreSQL as small rows: {@code shoppers} (the version fence and the cart's header),
 * {@code cart_lines}, {@code cart_details} (addresses, fulfillment, metadata) and {@code wishlist_items}.
 * A change writes the shopper row and only what differs, so adding an item writes two short rows.
 * The statements run in the runtime's batch transaction ({@link PgPartitionStore}).
 */
public final class PgShopperStore implements ShopperStore {
  private static final String LOAD = """
      SELECT s.version, s.cart_id, s.cart_created_at, s.cart_updated_at, s.cart_expires_at, s.expiry_check_at,
             d.billing, d.shipping, d.fulfillment, d.metadata, d.tenders
        FROM shoppers s LEFT JOIN cart_details d ON d.user_id = s.user_id WHERE s.user_id = $1""";
  private static final String LOAD_LINES =
      "SELECT product_id, variant_id, quantity FROM cart_lines WHERE user_id = $1 ORDER BY position";
  private static final String LOAD_WISHLIST =
      "SELECT product_id, variant_id FROM wishlist_items WHERE user_id = $1 ORDER BY position";
  private static final String INSERT_SHOPPER = """
      INSERT INTO shoppers (user_id, version, written_epoch, cart_id, cart_created_at, cart_updated_at, cart_expires_at,
                            expiry_check_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (user_id) DO NOTHING""";
  private static final String UPDATE_SHOPPER = """
      UPDATE shoppers SET version = $2, written_epoch = $3, cart_id = $4, cart_created_at = $5, cart_updated_at = $6,
                          cart_expires_at = $7, expiry_check_at = $8, updated_at = now()
       WHERE user_id = $1 AND version = $9""";
  /** The version fence of many shoppers at once; raises unless every one was at its expected version. */
  private static final PgWrite.Bulk UPDATE_SHOPPERS = new PgWrite.Bulk("""
      WITH v AS (
        SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::text[], $5::timestamptz[], $6::timestamptz[],
                             $7::timestamptz[], $8::timestamptz[], $9::bigint[])
          AS v(user_id, version, epoch, cart_id, created, updated, expires, check_at, expected)),
      fenced AS (
        UPDATE shoppers s SET version = v.version, written_epoch = v.epoch, cart_id = v.cart_id, cart_created_at = v.created,
                              cart_updated_at = v.updated, cart_expires_at = v.expires, expiry_check_at = v.check_at,
                              updated_at = now()
          FROM v WHERE s.user_id = v.user_id AND s.version = v.expected RETURNING 1)
      SELECT 1 / (count(*) = $10)::int FROM fenced""",
      new Class<?>[] {String.class, Long.class, Long.class, String.class, OffsetDateTime.class, OffsetDateTime.class,
          OffsetDateTime.class, OffsetDateTime.class, Long.class}, true);
  private static final PgWrite.Bulk UPSERT_LINES = new PgWrite.Bulk("""
      INSERT INTO cart_lines (user_id, product_id, variant_id, quantity, position)
      SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::bigint[])
      ON CONFLICT (user_id, product_id, variant_id) DO UPDATE SET quantity = EXCLUDED.quantity""",
      new Class<?>[] {String.class, String.class, String.class, Integer.class, Long.class}, false);
  private static final String UPSERT_LINE = """
      INSERT INTO cart_lines (user_id, product_id, variant_id, quantity, position) VALUES ($1, $2, $3, $4, $5)
      ON CONFLICT (user_id, product_id, variant_id) DO UPDATE SET quantity = EXCLUDED.quantity""";
  private static final String DELETE_LINE = "DELETE FROM cart_lines WHERE user_id = $1 AND product_id = $2 AND variant_id = $3";
  private static final String DELETE_LINES = "DELETE FROM cart_lines WHERE user_id = $1";
  private static final String UPSERT_DETAILS = """
      INSERT INTO cart_details (user_id, billing, shipping, fulfillment, metadata, tenders) VALUES ($1, $2, $3, $4, $5, $6)
      ON CONFLICT (user_id) DO UPDATE
        SET billing = EXCLUDED.billing, shipping = EXCLUDED.shipping, fulfillment = EXCLUDED.fulfillment,
            metadata = EXCLUDED.metadata, tenders = EXCLUDED.tenders""";
  private static final String DELETE_DETAILS = "DELETE FROM cart_details WHERE user_id = $1";
  private static final String INSERT_WISH = """
      INSERT INTO wishlist_items (user_id, product_id, variant_id, position) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING""";
  private static final String DELETE_WISH = "DELETE FROM wishlist_items WHERE user_id = $1 AND product_id = $2 AND variant_id = $3";

  private final Pool pool;

  public PgShopperStore(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<Versioned<Shopper>> load(String key) {
    UserId id = new UserId(key);
    Tuple args = Tuple.of(key);
    Future<RowSet<Row>> head = pool.preparedQuery(LOAD).execute(args);
    Future<RowSet<Row>> lines = pool.preparedQuery(LOAD_LINES).execute(args);
    Future<RowSet<Row>> wishes = pool.preparedQuery(LOAD_WISHLIST).execute(args);
    return Future.all(head, lines, wishes).map(v -> {
      if (head.result().size() == 0) {
        return new Versioned<>(Shopper.empty(id), 0);
      }
      Row h = head.result().iterator().next();
      List<WishlistEntry> wishlist = new ArrayList<>();
      for (Row r : wishes.result()) {
        wishlist.add(new WishlistEntry(r.getString(0), variant(r.getString(1))));
      }
      Cart cart = null;
      if (h.getString("cart_id") != null) {
        List<CartLine> cartLines = new ArrayList<>();
        for (Row r : lines.result()) {
          cartLines.add(new CartLine(r.getString(0), variant(r.getString(1)), r.getInteger(2)));
        }
        cart = new Cart(new CartId(h.getString("cart_id")), id, List.copyOf(cartLines),
            CartRows.address(json(h, "billing")), CartRows.address(json(h, "shipping")),
            CartRows.fulfillment(json(h, "fulfillment")), CartRows.metadata(json(h, "metadata")),
            instant(h, "cart_created_at"), instant(h, "cart_updated_at"), instant(h, "cart_expires_at"),
            CartRows.tenders(json(h, "tenders")));
      }
      return new Versioned<>(new Shopper(id, cart, List.copyOf(wishlist), instant(h, "expiry_check_at")), h.getLong("version"));
    });
  }

  @Override
  public AggregateStore.StagedWrite stage(String key, Shopper before, Shopper after, long expectedVersion, long epoch) {
    long version = expectedVersion + 1;
    List<PgWrite.Statement> st = new ArrayList<>();
    Cart c = after.cart();
    Tuple head = Tuple.of(key, version, epoch, c == null ? null : c.id().value(), utc(c == null ? null : c.createdAt()),
        utc(c == null ? null : c.updatedAt()), utc(c == null ? null : c.expiresAt()), utc(after.expiryCheckAt()));
    if (expectedVersion == 0) {
      st.add(PgWrite.fenced(INSERT_SHOPPER, head));
    } else {
      st.add(PgWrite.fenced(UPDATE_SHOPPER, head.addLong(expectedVersion), UPDATE_SHOPPERS));
    }
    stageCart(key, before.cart(), c, version, st);
    stageWishlist(key, before.wishlist(), after.wishlist(), version, st);
    return new PgWrite(st);
  }

  private static void stageCart(String key, Cart before, Cart after, long version, List<PgWrite.Statement> st) {
    boolean sameCart = before != null && after != null && before.id().equals(after.id());
    if (!sameCart && before != null) {
      st.add(PgWrite.statement(DELETE_LINES, Tuple.of(key)));
      st.add(PgWrite.statement(DELETE_DETAILS, Tuple.of(key)));
    }
    if (after == null) {
      return;
    }
    List<CartLine> old = sameCart ? before.lines() : List.of();
    for (CartLine l : old) {
      if (after.lines().stream().noneMatch(n -> n.sameUnit(l.productId(), l.variantId()))) {
        st.add(PgWrite.statement(DELETE_LINE, Tuple.of(key, l.productId(), dbVariant(l.variantId()))));
      }
    }
    List<CartLine> lines = after.lines();
    for (int i = 0; i < lines.size(); i++) {
      CartLine l = lines.get(i);
      if (!old.contains(l)) { // new, or its quantity changed (an existing line keeps its position)
        st.add(PgWrite.statement(UPSERT_LINE,
            Tuple.of(key, l.productId(), dbVariant(l.variantId()), l.quantity(), version * 1000 + i), UPSERT_LINES));
      }
    }
    if (!sameCart || !Objects.equals(before.billingAddress(), after.billingAddress())
        || !Objects.equals(before.shippingAddress(), after.shippingAddress())
        || !Objects.equals(before.fulfillment(), after.fulfillment()) || !before.metadata().equals(after.metadata())
        || !before.tenders().equals(after.tenders())) {
      st.add(PgWrite.statement(UPSERT_DETAILS, Tuple.of(key, CartRows.address(after.billingAddress()),
          CartRows.address(after.shippingAddress()), CartRows.fulfillment(after.fulfillment()), CartRows.metadata(after.metadata()),
          CartRows.tenders(after.tenders()))));
    }
  }

  private static void stageWishlist(String key, List<WishlistEntry> before, List<WishlistEntry> after, long version,
                                    List<PgWrite.Statement> st) {
    for (WishlistEntry e : before) {
      if (!after.contains(e)) {
        st.add(PgWrite.statement(DELETE_WISH, Tuple.of(key, e.productId(), dbVariant(e.variantId()))));
      }
    }
    for (int i = 0; i < after.size(); i++) {
      WishlistEntry e = after.get(i);
      if (!before.contains(e)) {
        st.add(PgWrite.statement(INSERT_WISH, Tuple.of(key, e.productId(), dbVariant(e.variantId()), version * 1000 + i)));
      }
    }
  }

  /** No variant is stored as '' (part of the primary key, so not null). */
  private static String dbVariant(String variantId) {
    return variantId == null ? "" : variantId;
  }

  private static String variant(String stored) {
    return stored == null || stored.isEmpty() ? null : stored;
  }

  private static JsonObject json(Row r, String column) {
    Object v = r.getValue(column);
    return v instanceof JsonObject j ? j : null;
  }

  private static Instant instant(Row r, String column) {
    var t = r.getOffsetDateTime(column);
    return t == null ? null : t.toInstant();
  }

  private static OffsetDateTime utc(Instant i) {
    return PgPartitionStore.utc(i);
  }
}
