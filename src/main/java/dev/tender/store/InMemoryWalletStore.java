package dev.tender.store;

import dev.tender.wallet.Account;
import dev.tender.wallet.LedgerEntry;
import dev.tender.wallet.WalletStore;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wallet accounts in memory, lost when the process stops. The ledger is checked against the same
 * constraints as the PostgreSQL schema (a violating write is rejected, as the database would).
 */
public final class InMemoryWalletStore implements WalletStore {
  private final InMemoryDocumentStore<Account> accounts = new InMemoryDocumentStore<>(Account::none);
  private final Map<String, List<LedgerEntry>> ledgers = new ConcurrentHashMap<>();

  @Override
  public Future<Versioned<Account>> load(String key) {
    return accounts.load(key);
  }

  @Override
  public StagedWrite stage(String key, Account before, Account after, long expectedVersion, long epoch) {
    MemoryWrite account = (MemoryWrite) accounts.stage(key, before, after, expectedVersion, epoch);
    List<LedgerEntry> lines = after.entriesSince(before);
    return new MemoryWrite() {
      @Override
      public boolean applicable() {
        return account.applicable();
      }

      @Override
      public String violation() {
        List<LedgerEntry> existing = ledgers.getOrDefault(key, List.of());
        long lastSeq = existing.isEmpty() ? 0 : existing.get(existing.size() - 1).seq();
        for (LedgerEntry e : lines) {
          if (e.seq() <= lastSeq) {
            return "wallet_ledger: line " + e.seq() + " of " + key + " exists";
          }
          if (e.balanceAfter() < 0 || e.heldAfter() < 0 || e.heldAfter() > e.balanceAfter()) {
            return "wallet_ledger: line " + e.seq() + " of " + key + " leaves balance " + e.balanceAfter() + ", held " + e.heldAfter();
          }
          boolean holdLine = e.type() == LedgerEntry.Type.HOLD;
          boolean settleLine = e.type() == LedgerEntry.Type.CAPTURE || e.type() == LedgerEntry.Type.RELEASE;
          if (holdLine || settleLine) {
            boolean seen = existing.stream().anyMatch(x -> e.holdId().equals(x.holdId()) && (holdLine
                ? x.type() == LedgerEntry.Type.HOLD : x.type() == LedgerEntry.Type.CAPTURE || x.type() == LedgerEntry.Type.RELEASE));
            if (seen) {
              return "wallet_ledger: hold " + e.holdId() + " of " + key + (holdLine ? " taken" : " settled") + " twice";
            }
          }
          lastSeq = e.seq();
        }
        return null;
      }

      @Override
      public void apply() {
        account.apply();
        if (!lines.isEmpty()) {
          ledgers.compute(key, (k, old) -> {
            List<LedgerEntry> all = old == null ? new ArrayList<>() : new ArrayList<>(old);
            all.addAll(lines);
            return List.copyOf(all);
          });
        }
      }
    };
  }

  @Override
  public Future<List<LedgerEntry>> ledger(String key, int limit) {
    List<LedgerEntry> all = ledgers.getOrDefault(key, List.of());
    return Future.succeededFuture(all.subList(Math.max(0, all.size() - limit), all.size()));
  }
}
