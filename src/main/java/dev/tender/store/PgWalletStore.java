package dev.tender.store;

import dev.tender.wallet.Account;
import dev.tender.wallet.LedgerEntry;
import dev.tender.wallet.WalletStore;
import dev.tender.wallet.WalletWire;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Wallet accounts in PostgreSQL: the account as a document, its ledger lines as rows of {@code wallet_ledger}. */
public final class PgWalletStore implements WalletStore {
  private static final String INSERT_LINE = """
      INSERT INTO wallet_ledger (account_key, seq, entry_type, amount, hold_id, reference, at, balance_after, held_after, written_epoch)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)""";
  private static final PgWrite.Bulk INSERT_LINES = new PgWrite.Bulk("""
      INSERT INTO wallet_ledger (account_key, seq, entry_type, amount, hold_id, reference, at, balance_after, held_after, written_epoch)
      SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::timestamptz[],
                           $8::bigint[], $9::bigint[], $10::bigint[])""",
      new Class<?>[] {String.class, Long.class, String.class, Long.class, String.class, String.class, OffsetDateTime.class,
          Long.class, Long.class, Long.class}, false);
  private static final String LEDGER = """
      SELECT seq, entry_type, amount, hold_id, reference, at, balance_after, held_after FROM (
        SELECT * FROM wallet_ledger WHERE account_key = $1 ORDER BY seq DESC LIMIT $2) newest
       ORDER BY seq""";

  private static final String SETTLED = """
      SELECT hold_id, entry_type FROM wallet_ledger WHERE account_key = $1 AND entry_type IN ('capture', 'release')
       ORDER BY seq DESC LIMIT $2""";
  private static final int NEWEST = Account.RECENT_KEPT;
  private static final int SETTLED_READ = Account.SETTLED_KEPT;

  private final Pool pool;
  private final PgDocumentStore<Account> accounts;

  public PgWalletStore(Pool pool) {
    this.pool = pool;
    this.accounts = new PgDocumentStore<>(pool, "wallet", WalletWire.ACCOUNT_HEADERS, Account::none, null);
  }

  /** The account's document, with its newest lines and settled holds read from the ledger. */
  @Override
  public Future<Versioned<Account>> load(String key) {
    Future<Versioned<Account>> account = accounts.load(key);
    Future<List<LedgerEntry>> newest = ledger(key, NEWEST);
    Future<RowSet<Row>> settled = pool.preparedQuery(SETTLED).execute(Tuple.of(key, SETTLED_READ));
    return Future.all(account, newest, settled).map(v -> {
      Map<String, LedgerEntry.Type> outcomes = new LinkedHashMap<>();
      List<Row> rows = new ArrayList<>();
      settled.result().forEach(rows::add);
      for (int i = rows.size() - 1; i >= 0; i--) { // oldest first, as they were settled
        outcomes.put(rows.get(i).getString(0), LedgerEntry.Type.valueOf(rows.get(i).getString(1).toUpperCase()));
      }
      Versioned<Account> stored = account.result();
      return new Versioned<>(stored.state().withHistory(newest.result(), outcomes), stored.version());
    });
  }

  @Override
  public StagedWrite stage(String key, Account before, Account after, long expectedVersion, long epoch) {
    List<PgWrite.Statement> statements = new ArrayList<>(((PgWrite) accounts.stage(key, before, after, expectedVersion, epoch)).statements());
    for (LedgerEntry e : after.entriesSince(before)) {
      statements.add(PgWrite.statement(INSERT_LINE, Tuple.from(new Object[] {key, e.seq(), e.type().wire(), e.amount(), e.holdId(),
          e.reference(), OffsetDateTime.ofInstant(e.at(), ZoneOffset.UTC), e.balanceAfter(), e.heldAfter(), epoch}), INSERT_LINES));
    }
    return new PgWrite(statements);
  }

  @Override
  public Future<List<LedgerEntry>> ledger(String key, int limit) {
    return pool.preparedQuery(LEDGER).execute(Tuple.of(key, limit)).map(rows -> {
      List<LedgerEntry> lines = new ArrayList<>(rows.size());
      for (Row r : rows) {
        lines.add(new LedgerEntry(r.getLong(0), LedgerEntry.Type.valueOf(r.getString(1).toUpperCase()), r.getLong(2), r.getString(3),
            r.getString(4), r.getOffsetDateTime(5).toInstant(), r.getLong(6), r.getLong(7)));
      }
      return lines;
    });
  }
}
