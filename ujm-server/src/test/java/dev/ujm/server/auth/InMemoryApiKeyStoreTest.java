package dev.ujm.server.auth;

import dev.ujm.core.auth.ApiKeyStore;
import dev.ujm.core.auth.InMemoryApiKeyStore;

class InMemoryApiKeyStoreTest extends ApiKeyStoreContract {
  @Override
  protected ApiKeyStore newStore() {
    return new InMemoryApiKeyStore();
  }
}
