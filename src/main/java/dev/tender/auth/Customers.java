package dev.tender.auth;

import io.vertx.core.Future;

/** Where {@link TokenService} reads the current profile of a user when it issues tokens. */
@FunctionalInterface
public interface Customers {
  /**
   * The claims of the registered customer with this user id, read afresh (a refresh must see a
   * deactivation or a profile change). Succeeds with {@code null} when the id is not a registered
   * customer (an anonymous shopper); fails only when the answer is unknown (e.g. the database is down).
   */
  Future<CustomerClaims> claimsOf(String userId);
}
