package dev.tender.cluster;

/**
 * What travels to a partition: a command and, for one that mutates, its idempotency identity.
 *
 * @param scope whose keys these are (the user for storefront requests); null for reads
 * @param key the client's {@code Idempotency-Key}, or one the server minted
 * @param fingerprint SHA-256 of the request as the client sent it; a key reused with another
 *                    fingerprint is refused
 * @param mayRepeat false only when the key is fresh (server-minted, first attempt), so the owner need
 *                  not look for an earlier outcome in the store
 */
public record Request<C>(C command, String scope, String key, byte[] fingerprint, boolean mayRepeat) {
  /** Keys the server mints start with this; clients' keys always come with a fingerprint. */
  public static final String MINTED_PREFIX = "~";

  public static <C> Request<C> read(C command) {
    return new Request<>(command, null, null, null, false);
  }

  public boolean mutating() {
    return key != null;
  }

  /**
   * A key the server minted for a client that sent none: nobody can repeat it after the sender's deadline,
   * so its record need not be kept long.
   */
  public boolean minted() {
    return key != null && fingerprint == null && key.startsWith(MINTED_PREFIX);
  }

  Request<C> repeated() {
    return mayRepeat || key == null ? this : new Request<>(command, scope, key, fingerprint, true);
  }
}
