package dev.tender.store;

import dev.tender.cluster.AggregateStore;
import io.vertx.sqlclient.Tuple;
import java.lang.reflect.Array;
import java.util.List;

/**
 * A staged change for PostgreSQL: statements {@link PgPartitionStore} runs, in order, inside the
 * batch's transaction.
 */
public record PgWrite(List<Statement> statements) implements AggregateStore.StagedWrite {
  /** The error a fenced statement raises when it touched no row: division by zero (22012). */
  static final String FENCE_REFUSED = "22012";

  /**
   * One statement of a unit, and optionally the same statement for many rows at once: when a batch has
   * it for several rows (of several units, or of one), the store runs {@code bulk} once with each column as an array instead of
   * running {@code sql} once per row (PostgreSQL executes statements one after another per connection,
   * so fewer, larger statements make a shorter transaction).
   */
  public record Statement(String sql, Tuple args, Bulk bulk) {}

  /**
   * The many-row form: SQL over {@code unnest($1::type[], ...)} taking one array per column, of these
   * element classes. If {@code counted}, the SQL also takes the number of rows as its last parameter
   * and raises {@link #FENCE_REFUSED} unless every row was written (the many-row form of a fence).
   */
  public record Bulk(String sql, Class<?>[] columns, boolean counted) {
    Tuple args(List<Tuple> rows) {
      Tuple t = Tuple.tuple();
      for (int c = 0; c < columns.length; c++) {
        Object column = Array.newInstance(columns[c], rows.size());
        for (int r = 0; r < rows.size(); r++) {
          Array.set(column, r, rows.get(r).getValue(c));
        }
        t.addValue(column);
      }
      return counted ? t.addInteger(rows.size()) : t;
    }
  }

  public static Statement statement(String sql, Tuple args) {
    return new Statement(sql, args, null);
  }

  public static Statement statement(String sql, Tuple args, Bulk bulk) {
    return new Statement(sql, args, bulk);
  }

  /**
   * A version-fenced statement (an {@code INSERT ... ON CONFLICT DO NOTHING} or an {@code UPDATE ...
   * WHERE version = $n}, without RETURNING): touching no row raises an error, so the whole transaction
   * fails in the database and the batch can be committed in the same round trip as its statements.
   */
  public static Statement fenced(String sql, Tuple args) {
    return fenced(sql, args, null);
  }

  /** {@link #fenced(String, Tuple)} with a counted many-row form. */
  public static Statement fenced(String sql, Tuple args, Bulk bulk) {
    return new Statement("WITH fenced AS (" + sql + " RETURNING 1) SELECT 1 / count(*) FROM fenced", args, bulk);
  }
}
