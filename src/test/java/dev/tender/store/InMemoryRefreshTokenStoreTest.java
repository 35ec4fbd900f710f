package dev.tender.store;

import dev.tender.auth.RefreshTokenStore;
class InMemoryRefreshTokenStoreTest extends RefreshTokenStoreContract {
  private final RefreshTokenStore store = new InMemoryRefreshTokenStore();

  @Override
  RefreshTokenStore store() {
    return store;
  }
}
