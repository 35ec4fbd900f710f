package dev.tender.wallet;

import dev.tender.cluster.AggregateStore;
import io.vertx.core.Future;
import java.util.List;

/**
 * Where wallet accounts live: the account (to decide commands) and its append-only ledger, written in
 * one transaction. Implemented in {@code store/} for PostgreSQL and memory, with the same constraints:
 * no line leaves the balance or the held amount below zero or more held than the balance, and a hold
 * is taken once and captured or released at most once.
 */
public interface WalletStore extends AggregateStore<Account> {
  /** The account's ledger lines, oldest first, at most {@code limit} of the newest. */
  Future<List<LedgerEntry>> ledger(String key, int limit);
}
