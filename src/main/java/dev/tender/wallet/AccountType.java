package dev.tender.wallet;

/**
 * What an account holds, told by the prefix of its key: {@code gift-card:<16 digits>},
 * {@code credit:<user id>} (store credit, minor units) or {@code loyalty:<user id>} (points).
 */
public enum AccountType {
  GIFT_CARD("gift-card:"), CREDIT("credit:"), LOYALTY("loyalty:");

  public static final String POINTS = "points";

  private final String prefix;

  AccountType(String prefix) {
    this.prefix = prefix;
  }

  public String key(String id) {
    return prefix + id;
  }

  public String idOf(String key) {
    return key.substring(prefix.length());
  }

  public static AccountType ofKey(String key) {
    for (AccountType t : values()) {
      if (key.startsWith(t.prefix)) {
        return t;
      }
    }
    throw new IllegalArgumentException("not a wallet account key: " + key);
  }
}
