package dev.ujm.store.tck;

import dev.ujm.core.auth.ApiKeyStore;
import dev.ujm.core.memory.InMemoryApiKeyStore;

class InMemoryApiKeyStoreContractTest extends ApiKeyStoreContract {
  @Override
  protected ApiKeyStore newStore() {
    return new InMemoryApiKeyStore();
  }
}
