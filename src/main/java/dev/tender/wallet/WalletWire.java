package dev.tender.wallet;

import dev.tender.cluster.WireCodec;
import dev.tender.cluster.WireIn;
import dev.tender.cluster.WireOut;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Compact binary forms of the wallet's commands, replies and account state. */
public final class WalletWire {
  private WalletWire() {}

  public static final WireCodec<WalletCommand> COMMANDS = new WireCodec<>() {
    @Override
    public void write(WalletCommand c, WireOut out) {
      switch (c) {
        case WalletCommand.Issue i -> out.i32(0).str(i.key()).i64(i.amount()).str(i.unit()).instant(i.expiresAt()).str(i.pinHash())
            .str(i.reference());
        case WalletCommand.Enquire e -> out.i32(1).str(e.key()).str(e.pin()).str(e.unit());
        case WalletCommand.PlaceHold h -> out.i32(2).str(h.key()).str(h.holdId()).i64(h.amount()).str(h.unit()).instant(h.expiresAt())
            .str(h.pin()).str(h.reference());
        case WalletCommand.Capture x -> out.i32(3).str(x.key()).str(x.holdId()).str(x.reference());
        case WalletCommand.Release r -> out.i32(4).str(r.key()).str(r.holdId()).str(r.reference());
        case WalletCommand.Refund r -> out.i32(5).str(r.key()).i64(r.amount()).str(r.reference());
        case WalletCommand.Adjust a -> out.i32(6).str(a.key()).i64(a.amount()).str(a.reference());
        case WalletCommand.Earn e -> out.i32(7).str(e.key()).i64(e.points()).str(e.reference());
        case WalletCommand.Disable d -> out.i32(8).str(d.key());
        case WalletCommand.Get g -> out.i32(9).str(g.key());
      }
    }

    @Override
    public WalletCommand read(WireIn in) {
      return switch (in.i32()) {
        case 0 -> new WalletCommand.Issue(in.str(), in.i64(), in.str(), in.instant(), in.str(), in.str());
        case 1 -> new WalletCommand.Enquire(in.str(), in.str(), in.str());
        case 2 -> new WalletCommand.PlaceHold(in.str(), in.str(), in.i64(), in.str(), in.instant(), in.str(), in.str());
        case 3 -> new WalletCommand.Capture(in.str(), in.str(), in.str());
        case 4 -> new WalletCommand.Release(in.str(), in.str(), in.str());
        case 5 -> new WalletCommand.Refund(in.str(), in.i64(), in.str());
        case 6 -> new WalletCommand.Adjust(in.str(), in.i64(), in.str());
        case 7 -> new WalletCommand.Earn(in.str(), in.i64(), in.str());
        case 8 -> new WalletCommand.Disable(in.str());
        case 9 -> new WalletCommand.Get(in.str());
        default -> throw new IllegalArgumentException("unknown wallet command tag");
      };
    }
  };

  public static final WireCodec<WalletReply> REPLIES = new WireCodec<>() {
    @Override
    public void write(WalletReply r, WireOut out) {
      switch (r) {
        case WalletReply.View v -> {
          out.i32(0).str(v.key()).str(v.status()).str(v.unit()).i64(v.balance()).i64(v.held()).instant(v.expiresAt()).bool(v.hasPin());
          writeEntries(v.recent(), out);
        }
        case WalletReply.Rejected x -> out.i32(1).str(x.reason().name()).str(x.detail());
      }
    }

    @Override
    public WalletReply read(WireIn in) {
      if (in.i32() == 0) {
        return new WalletReply.View(in.str(), in.str(), in.str(), in.i64(), in.i64(), in.instant(), in.bool(), readEntries(in));
      }
      return new WalletReply.Rejected(WalletReply.Reason.valueOf(in.str()), in.str());
    }
  };

  /** An account whole, with its newest lines and settled holds (the memory store keeps the object itself). */
  public static final WireCodec<Account> ACCOUNTS = accounts(true);

  /**
   * The account as PostgreSQL keeps it in its document: without the newest lines and settled holds,
   * which the ledger rows hold anyway (the store reads them back on load), so a write stays small
   * however busy the account. The same reader reads both forms.
   */
  public static final WireCodec<Account> ACCOUNT_HEADERS = accounts(false);

  private static WireCodec<Account> accounts(boolean withHistory) {
    return new WireCodec<>() {
    @Override
    public void write(Account a, WireOut out) {
      out.str(a.key()).str(a.status().name()).str(a.unit()).i64(a.balance()).i64(a.held()).i64(a.seq()).instant(a.expiresAt())
          .str(a.pinHash()).i32(a.failedPins()).instant(a.lockedUntil());
      out.i32(a.holds().size());
      for (Hold h : a.holds().values()) {
        out.str(h.id()).i64(h.amount()).instant(h.expiresAt()).str(h.reference());
      }
      if (withHistory) {
        writeEntries(a.newest(), out);
        out.i32(a.settled().size());
        a.settled().forEach((id, type) -> out.str(id).i32(type.ordinal()));
      } else {
        out.i32(0).i32(0);
      }
      out.instant(a.holdsDue());
    }

    @Override
    public Account read(WireIn in) {
      String key = in.str();
      Account.Status status = Account.Status.valueOf(in.str());
      String unit = in.str();
      long balance = in.i64();
      long held = in.i64();
      long seq = in.i64();
      var expires = in.instant();
      String pin = in.str();
      int failed = in.i32();
      var locked = in.instant();
      Map<String, Hold> holds = new LinkedHashMap<>();
      for (int n = in.i32(); n > 0; n--) {
        Hold h = new Hold(in.str(), in.i64(), in.instant(), in.str());
        holds.put(h.id(), h);
      }
      List<LedgerEntry> recent = readEntries(in);
      Map<String, LedgerEntry.Type> settled = new LinkedHashMap<>();
      for (int n = in.i32(); n > 0; n--) {
        settled.put(in.str(), LedgerEntry.Type.values()[in.i32()]);
      }
      Instant holdsDue = in.more() ? in.instant() : null; // absent from accounts written before the one hold timer
      return new Account(key, status, unit, balance, held, seq, expires, pin, failed, locked, holds, recent, settled, holdsDue);
    }
    };
  }

  private static void writeEntries(List<LedgerEntry> entries, WireOut out) {
    out.i32(entries.size());
    for (LedgerEntry e : entries) {
      out.i64(e.seq()).i32(e.type().ordinal()).i64(e.amount()).str(e.holdId()).str(e.reference()).instant(e.at()).i64(e.balanceAfter())
          .i64(e.heldAfter());
    }
  }

  private static List<LedgerEntry> readEntries(WireIn in) {
    int n = in.i32();
    List<LedgerEntry> entries = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      entries.add(new LedgerEntry(in.i64(), LedgerEntry.Type.values()[in.i32()], in.i64(), in.str(), in.str(), in.instant(), in.i64(),
          in.i64()));
    }
    return entries;
  }
}
