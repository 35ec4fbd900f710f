package dev.tender.wallet;

import dev.tender.cluster.Kind;
import dev.tender.cluster.KindRuntime;

/**
 * The wallet kind: gift cards keyed by number, store credit and loyalty points keyed by user
 * ({@link AccountType}). Each account has one writer, so its balance is checked and changed without
 * locks or read-check-write in the database; carts and orders ask it over the event bus.
 */
public final class WalletKind {
  public static final String NAME = "wallet";
  public static final Kind<WalletCommand, WalletReply> KIND =
      new Kind<>(NAME, WalletCommand::key, WalletCommand::mutates, WalletWire.COMMANDS, WalletWire.REPLIES);

  private WalletKind() {}

  public static KindRuntime<Account, WalletCommand, WalletReply> runtime(WalletBehaviour behaviour, WalletStore store) {
    return new KindRuntime<>(KIND, behaviour, store);
  }
}
