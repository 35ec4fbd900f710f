package dev.tender.store;

import dev.tender.auth.RefreshTokenStore;
import org.junit.jupiter.api.extension.RegisterExtension;

class PgRefreshTokenStoreTest extends RefreshTokenStoreContract {
  @RegisterExtension
  static final TestDatabase.PerClass DB = new TestDatabase.PerClass();

  @Override
  RefreshTokenStore store() {
    return new PgRefreshTokenStore(DB.pool());
  }
}
