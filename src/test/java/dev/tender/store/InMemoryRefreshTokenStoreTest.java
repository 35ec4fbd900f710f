package dev.tender.store;

class InMemoryRefreshTokenStoreTest extends RefreshTokenStoreContract {
  private final RefreshTokenStore store = new InMemoryRefreshTokenStore();

  @Override
  RefreshTokenStore store() {
    return store;
  }
}
