package dev.tender.store;

import static dev.tender.TestNode.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ledger's constraints hold in the schema itself, whatever code writes to it: no balance below
 * zero, never more held than the balance, a hold taken once and settled at most once, no line changed.
 */
class PgWalletLedgerSchemaTest {
  @RegisterExtension
  static final TestDatabase.PerClass DB = new TestDatabase.PerClass();

  private static final String INSERT = """
      INSERT INTO wallet_ledger (account_key, seq, entry_type, amount, hold_id, reference, at, balance_after, held_after, written_epoch)
      VALUES ($1, $2, $3, $4, $5, 'test', $6, $7, $8, 1)""";

  private void line(String account, long seq, String type, long amount, String hold, long balance, long held) throws Exception {
    await(DB.pool().preparedQuery(INSERT).execute(Tuple.from(new Object[] {account, seq, type, amount, hold, OffsetDateTime.now(), balance, held})));
  }

  private static String account() {
    return "gift-card:" + UUID.randomUUID();
  }

  @Test
  void a_valid_history_is_accepted() throws Exception {
    String a = account();
    line(a, 1, "issue", 1000, null, 1000, 0);
    line(a, 2, "hold", 600, "h1", 1000, 600);
    line(a, 3, "capture", 600, "h1", 400, 0);
    long rows = await(DB.pool().preparedQuery("SELECT count(*) FROM wallet_ledger WHERE account_key = $1").execute(Tuple.of(a)))
        .iterator().next().getLong(0);
    assertThat(rows).isEqualTo(3);
  }

  @Test
  void no_line_leaves_a_negative_balance_or_more_held_than_the_balance() throws Exception {
    String a = account();
    line(a, 1, "issue", 100, null, 100, 0);
    assertThatThrownBy(() -> line(a, 2, "adjust", -101, null, -1, 0)).hasRootCauseInstanceOf(PgException.class).hasMessageContaining("check constraint");
    assertThatThrownBy(() -> line(a, 2, "hold", 101, "h", 100, 101)).hasRootCauseInstanceOf(PgException.class).hasMessageContaining("check constraint");
    assertThatThrownBy(() -> line(a, 2, "hold", 1, null, 100, 1)).hasRootCauseInstanceOf(PgException.class); // a hold names its id
  }

  @Test
  void a_hold_is_taken_once_and_captured_or_released_at_most_once() throws Exception {
    String a = account();
    line(a, 1, "issue", 1000, null, 1000, 0);
    line(a, 2, "hold", 500, "h1", 1000, 500);
    assertThatThrownBy(() -> line(a, 3, "hold", 500, "h1", 1000, 1000)).hasRootCauseInstanceOf(PgException.class)
        .hasMessageContaining("wallet_ledger_hold_taken_once");
    line(a, 3, "release", 500, "h1", 1000, 0);
    assertThatThrownBy(() -> line(a, 4, "capture", 500, "h1", 500, 0)).hasRootCauseInstanceOf(PgException.class)
        .hasMessageContaining("wallet_ledger_hold_settled_once");
    assertThatThrownBy(() -> line(a, 4, "release", 500, "h1", 1000, 0)).hasRootCauseInstanceOf(PgException.class)
        .hasMessageContaining("wallet_ledger_hold_settled_once");
  }

  @Test
  void lines_are_never_changed_or_removed() throws Exception {
    String a = account();
    line(a, 1, "issue", 1000, null, 1000, 0);
    assertThatThrownBy(() -> await(DB.pool().preparedQuery("UPDATE wallet_ledger SET amount = 5 WHERE account_key = $1").execute(Tuple.of(a))))
        .hasMessageContaining("append-only");
    assertThatThrownBy(() -> await(DB.pool().preparedQuery("DELETE FROM wallet_ledger WHERE account_key = $1").execute(Tuple.of(a))))
        .hasMessageContaining("append-only");
  }
}
