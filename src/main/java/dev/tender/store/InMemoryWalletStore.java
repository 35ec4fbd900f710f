package dev.tender.store;

import dev.tender.wallet.Account;
import dev.tender.wallet.LedgerEntry;
import dev.tender.wallet.WalletStore;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wallet accounts in memory, lost when the process stops. The ledger is checked against the same
 * constraints as the PostgreSQL schema (a violating write is rejected, as the database would).
 */
public final class InMemoryWalletStore implements WalletStore {
  private final InMemoryDocumentStore<Account> accounts = new InMemoryDocumentStore<>(Account::none);
  private final Map<String, Ledger> ledgers = new ConcurrentHashMap<>();

  /**
   * One account's lines and the hold ids its constraints look up, so checking and appending a line costs
   * the same however long the ledger (written under the partition store's lock, read by any thread).
   */
  private static final class Ledger {
    private final List<LedgerEntry> lines = new ArrayList<>();
    private final Set<String> holdsTaken = new HashSet<>();
    private final Set<String> holdsSettled = new HashSet<>();

    synchronized String violation(String key, List<LedgerEntry> adding) {
      long lastSeq = lines.isEmpty() ? 0 : lines.get(lines.size() - 1).seq();
      Set<String> taken = new HashSet<>();
      Set<String> settled = new HashSet<>();
      for (LedgerEntry e : adding) {
        if (e.seq() <= lastSeq) {
          return "wallet_ledger: line " + e.seq() + " of " + key + " exists";
        }
        if (e.balanceAfter() < 0 || e.heldAfter() < 0 || e.heldAfter() > e.balanceAfter()) {
          return "wallet_ledger: line " + e.seq() + " of " + key + " leaves balance " + e.balanceAfter() + ", held " + e.heldAfter();
        }
        if (e.type() == LedgerEntry.Type.HOLD && (holdsTaken.contains(e.holdId()) || !taken.add(e.holdId()))) {
          return "wallet_ledger: hold " + e.holdId() + " of " + key + " taken twice";
        }
        if (settles(e) && (holdsSettled.contains(e.holdId()) || !settled.add(e.holdId()))) {
          return "wallet_ledger: hold " + e.holdId() + " of " + key + " settled twice";
        }
        lastSeq = e.seq();
      }
      return null;
    }

    synchronized void append(List<LedgerEntry> adding) {
      for (LedgerEntry e : adding) {
        lines.add(e);
        if (e.type() == LedgerEntry.Type.HOLD) {
          holdsTaken.add(e.holdId());
        } else if (settles(e)) {
          holdsSettled.add(e.holdId());
        }
      }
    }

    synchronized List<LedgerEntry> newest(int limit) {
      return List.copyOf(lines.subList(Math.max(0, lines.size() - limit), lines.size()));
    }

    private static boolean settles(LedgerEntry e) {
      return e.type() == LedgerEntry.Type.CAPTURE || e.type() == LedgerEntry.Type.RELEASE;
    }
  }

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
        Ledger ledger = ledgers.get(key);
        return ledger == null ? new Ledger().violation(key, lines) : ledger.violation(key, lines);
      }

      @Override
      public void apply() {
        account.apply();
        if (!lines.isEmpty()) {
          ledgers.computeIfAbsent(key, k -> new Ledger()).append(lines);
        }
      }
    };
  }

  @Override
  public Future<List<LedgerEntry>> ledger(String key, int limit) {
    Ledger ledger = ledgers.get(key);
    return Future.succeededFuture(ledger == null ? List.of() : ledger.newest(limit));
  }
}
