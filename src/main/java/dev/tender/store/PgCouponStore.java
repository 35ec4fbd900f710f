package dev.tender.store;

import dev.tender.cluster.WireCodec;
import dev.tender.cluster.WireIn;
import dev.tender.cluster.WireOut;
import dev.tender.promo.Coupon;
import dev.tender.promo.CouponState;
import dev.tender.promo.CouponState.Reservation;
import dev.tender.promo.CouponState.Use;
import dev.tender.promo.CouponStore;
import dev.tender.promo.CouponSummary;
import dev.tender.promo.PromoKind;
import dev.tender.promo.PromoWire;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Coupons in PostgreSQL: the coupon's settings and counts as a document (kind {@code promo}), each
 * order's use of it as a row of {@code coupon_uses}. A write upserts the rows of the uses that changed,
 * so a flash sale on one code writes a small document and a few rows per batch, however many
 * reservations are open; a load reads the open reservations, the newest confirmed orders and, if the
 * coupon limits customers, each customer's count back from the rows.
 */
public final class PgCouponStore implements CouponStore {
  private static final String UPSERT = """
      INSERT INTO coupon_uses (code, order_id, customer_id, state, expires_at, use_no, seq, written_epoch)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
      ON CONFLICT (code, order_id) DO UPDATE SET customer_id = EXCLUDED.customer_id, state = EXCLUDED.state,
        expires_at = EXCLUDED.expires_at, use_no = EXCLUDED.use_no, seq = EXCLUDED.seq, written_epoch = EXCLUDED.written_epoch""";
  private static final PgWrite.Bulk UPSERTS = new PgWrite.Bulk("""
      INSERT INTO coupon_uses (code, order_id, customer_id, state, expires_at, use_no, seq, written_epoch)
      SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::bigint[], $7::bigint[],
                           $8::bigint[])
      ON CONFLICT (code, order_id) DO UPDATE SET customer_id = EXCLUDED.customer_id, state = EXCLUDED.state,
        expires_at = EXCLUDED.expires_at, use_no = EXCLUDED.use_no, seq = EXCLUDED.seq, written_epoch = EXCLUDED.written_epoch""",
      new Class<?>[] {String.class, String.class, String.class, String.class, OffsetDateTime.class, Long.class, Long.class, Long.class},
      false);
  /**
   * A given-back order whose row came from an older document (no customer on it) was counted for its
   * customer by one of their {@code legacy/} rows: that one is given back too. Runs before the order's upsert.
   */
  private static final String GIVE_BACK_LEGACY = """
      UPDATE coupon_uses SET state = 'given_back', seq = $4, written_epoch = $5
       WHERE code = $1 AND order_id = (
         SELECT l.order_id FROM coupon_uses l
          WHERE l.code = $1 AND l.customer_id = $2 AND l.order_id LIKE 'legacy/%' AND l.state = 'confirmed'
            AND EXISTS (SELECT 1 FROM coupon_uses o WHERE o.code = $1 AND o.order_id = $3 AND o.customer_id IS NULL
                                                     AND o.state = 'confirmed')
          ORDER BY l.order_id LIMIT 1)""";
  private static final String OPEN = "SELECT order_id, customer_id, expires_at FROM coupon_uses WHERE code = $1 AND state = 'reserved'";
  private static final String CONFIRMED = """
      SELECT order_id, use_no FROM coupon_uses WHERE code = $1 AND state = 'confirmed' AND use_no > 0 ORDER BY seq DESC LIMIT $2""";
  private static final String PER_CUSTOMER = """
      SELECT customer_id, count(*) FROM coupon_uses WHERE code = $1 AND state IN ('reserved', 'confirmed') AND customer_id IS NOT NULL
       GROUP BY customer_id""";
  private static final String USES_OF_CUSTOMER = """
      SELECT code, count(*) FROM coupon_uses WHERE customer_id = $1 AND state IN ('reserved', 'confirmed') GROUP BY code""";
  private static final String INSERT_LEGACY = """
      INSERT INTO coupon_uses (code, order_id, customer_id, state, expires_at, use_no, seq, written_epoch)
      SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::bigint[], $7::bigint[],
                           $8::bigint[])
      ON CONFLICT (code, order_id) DO NOTHING""";

  /**
   * The document: what {@link CouponState} holds besides its uses, and the number of open reservations
   * (for listings, which do not read the rows). {@code state} carries uses only if the document was
   * written before the uses became rows ({@code inline}).
   */
  record Document(CouponState state, long reserved, boolean inline) {}

  /**
   * The document's wire form: the older form (uses inline) with its uses left empty, then the count of
   * open reservations and the change counter. Both forms read.
   */
  static final WireCodec<Document> DOCUMENTS = new WireCodec<>() {
    @Override
    public void write(Document d, WireOut out) {
      CouponState s = d.state();
      out.str(s.code()).bool(s.coupon() != null);
      if (s.coupon() != null) {
        PromoWire.coupon(s.coupon(), out);
      }
      out.bool(s.disabled()).i64(s.confirmed()).i32(0).i32(0).i32(0); // no inline reservations, customers, confirmed orders
      out.i64(d.reserved()).i64(s.seq()).instant(s.reservationsDue());
    }

    @Override
    public Document read(WireIn in) {
      String code = in.str();
      Coupon coupon = in.bool() ? PromoWire.coupon(in) : null;
      boolean disabled = in.bool();
      long confirmed = in.i64();
      Map<String, Reservation> open = new LinkedHashMap<>();
      for (int n = in.i32(); n > 0; n--) {
        Reservation r = new Reservation(in.str(), in.str(), in.instant());
        open.put(r.orderId(), r);
      }
      Map<String, Integer> perCustomer = new HashMap<>();
      for (int n = in.i32(); n > 0; n--) {
        perCustomer.put(in.str(), in.i32());
      }
      Map<String, Long> confirmedOrders = new LinkedHashMap<>();
      for (int n = in.more() ? in.i32() : 0; n > 0; n--) {
        confirmedOrders.put(in.str(), in.i64());
      }
      boolean inline = !in.more();
      long reserved = inline ? open.size() : in.i64();
      long seq = inline ? 0 : in.i64();
      Instant due = !inline && in.more() ? in.instant() : null;
      return new Document(new CouponState(code, coupon, disabled, confirmed, open, perCustomer, confirmedOrders, seq, due), reserved,
          inline);
    }
  };

  private final Pool pool;
  private final PgDocumentStore<Document> documents;

  public PgCouponStore(Pool pool) {
    this.pool = pool;
    this.documents = new PgDocumentStore<>(pool, PromoKind.NAME, DOCUMENTS, code -> new Document(CouponState.none(code), 0, false), null);
  }

  @Override
  public Future<Versioned<CouponState>> load(String code) {
    return documents.load(code).compose(stored -> {
      Document d = stored.state();
      if (!d.state().exists()) {
        return Future.succeededFuture(new Versioned<>(d.state(), stored.version()));
      }
      Future<Void> moved = d.inline() ? moveInlineUses(d.state()) : Future.succeededFuture();
      return moved.compose(v -> withUses(d.state())).map(s -> new Versioned<>(s, stored.version()));
    });
  }

  /** The coupon with its open reservations, newest confirmed orders and (if it limits them) customers' counts, from the rows. */
  private Future<CouponState> withUses(CouponState header) {
    String code = header.code();
    Future<RowSet<Row>> open = pool.preparedQuery(OPEN).execute(Tuple.of(code));
    Future<RowSet<Row>> confirmed = pool.preparedQuery(CONFIRMED).execute(Tuple.of(code, CouponState.CONFIRMED_KEPT));
    Future<RowSet<Row>> customers = header.coupon().perCustomerLimit() == null ? Future.succeededFuture(null)
        : pool.preparedQuery(PER_CUSTOMER).execute(Tuple.of(code));
    return Future.all(open, confirmed, customers).map(v -> {
      Map<String, Reservation> reservations = new HashMap<>();
      for (Row r : open.result()) {
        reservations.put(r.getString(0), new Reservation(r.getString(0), r.getString(1), r.getOffsetDateTime(2).toInstant()));
      }
      List<Row> newestFirst = new ArrayList<>();
      confirmed.result().forEach(newestFirst::add);
      Map<String, Long> confirmedOrders = new LinkedHashMap<>();
      for (int i = newestFirst.size() - 1; i >= 0; i--) {
        confirmedOrders.put(newestFirst.get(i).getString(0), newestFirst.get(i).getLong(1));
      }
      Map<String, Integer> perCustomer = new HashMap<>();
      if (customers.result() != null) {
        for (Row r : customers.result()) {
          perCustomer.put(r.getString(0), r.getLong(1).intValue());
        }
      }
      return new CouponState(code, header.coupon(), header.disabled(), header.confirmed(), reservations, perCustomer, confirmedOrders,
          header.seq(), header.reservationsDue());
    });
  }

  /**
   * Writes the uses a document of the older form carries as rows (once: a row already there wins), so
   * that the rows tell the same counts. Confirmed orders are known without their customer, so each
   * customer's count beyond their open reservations becomes that many confirmed rows of its own.
   */
  private Future<Void> moveInlineUses(CouponState s) {
    List<Use> rows = new ArrayList<>();
    s.perCustomer().forEach((customer, count) -> {
      long open = s.reservations().values().stream().filter(r -> customer.equals(r.customerId())).count();
      for (long i = open; i < count; i++) {
        rows.add(new Use(0, "legacy/" + customer + "/" + i, customer, CouponState.UseState.CONFIRMED, null, 0));
      }
    });
    s.confirmedOrders().forEach((order, useNo) -> rows.add(new Use(0, order, null, CouponState.UseState.CONFIRMED, null, useNo)));
    s.reservations().values().forEach(r -> rows.add(new Use(0, r.orderId(), r.customerId(), CouponState.UseState.RESERVED,
        r.expiresAt(), 0)));
    if (rows.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> tuples = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      // Negative change numbers, in the order the document kept them: older than any change to come.
      tuples.add(row(s.code(), rows.get(i), i - rows.size(), 0));
    }
    return pool.preparedQuery(INSERT_LEGACY).execute(UPSERTS.args(tuples)).mapEmpty();
  }

  @Override
  public StagedWrite stage(String code, CouponState before, CouponState after, long expectedVersion, long epoch) {
    Document doc = new Document(after, after.reserved(), false);
    List<PgWrite.Statement> statements = new ArrayList<>(((PgWrite) documents.stage(code, null, doc, expectedVersion, epoch)).statements());
    Map<String, Use> latest = new LinkedHashMap<>(); // an order changed twice in one batch: its row once, as it ends
    for (Use u : after.changesSince(before)) {
      latest.put(u.orderId(), u);
    }
    for (Use u : latest.values()) {
      if (u.state() == CouponState.UseState.GIVEN_BACK && u.customerId() != null) {
        statements.add(PgWrite.statement(GIVE_BACK_LEGACY, Tuple.of(code, u.customerId(), u.orderId(), u.seq(), epoch)));
      }
    }
    for (Use u : latest.values()) {
      statements.add(PgWrite.statement(UPSERT, row(code, u, u.seq(), epoch), UPSERTS));
    }
    return new PgWrite(statements);
  }

  private static Tuple row(String code, Use u, long seq, long epoch) {
    return Tuple.from(new Object[] {code, u.orderId(), u.customerId(), u.state().name().toLowerCase(Locale.ROOT),
        PgPartitionStore.utc(u.expiresAt()), u.useNo(), seq, epoch});
  }

  @Override
  public Future<List<CouponSummary>> summaries(String customerId) {
    Future<List<Document>> all = documents.all();
    Future<RowSet<Row>> uses = customerId == null ? Future.succeededFuture(null)
        : pool.preparedQuery(USES_OF_CUSTOMER).execute(Tuple.of(customerId));
    return Future.all(all, uses).map(v -> {
      Map<String, Integer> mine = new HashMap<>();
      if (uses.result() != null) {
        uses.result().forEach(r -> mine.put(r.getString(0), r.getLong(1).intValue()));
      }
      List<CouponSummary> summaries = new ArrayList<>();
      for (Document d : all.result()) {
        CouponState s = d.state();
        int byCustomer = customerId == null ? 0 : Math.max(mine.getOrDefault(s.code(), 0), s.usesBy(customerId)); // inline: not yet moved
        summaries.add(new CouponSummary(s.code(), s.coupon(), s.disabled(), s.confirmed(), d.reserved(), byCustomer));
      }
      return summaries;
    });
  }
}
