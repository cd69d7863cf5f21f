package dev.ujm.store.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ujm.core.auth.ApiKey;
import dev.ujm.core.auth.ApiKeyNotFoundException;
import dev.ujm.core.auth.ApiKeySecrets;
import dev.ujm.core.auth.ApiKeyStore;
import dev.ujm.core.auth.ApiKeys;
import dev.ujm.core.auth.ApiRole;
import dev.ujm.core.auth.InvalidApiKeyException;
import dev.ujm.core.auth.KeyAuditEntry;
import dev.ujm.core.auth.ProtectedKeyException;
import dev.ujm.core.store.Page;
import dev.ujm.test.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ApiKeyStore} does, and {@link ApiKeys} over it; one small subclass per store.
 */
public abstract class ApiKeyStoreContract {
  protected final ManualClock clock = ManualClock.startingAt2026();
  protected ApiKeyStore store;
  protected ApiKeys keys;

  /** A fresh, empty store. */
  protected abstract ApiKeyStore newStore();

  @BeforeEach
  void open() {
    store = newStore();
    keys = new ApiKeys(store, clock);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void an_issued_key_authenticates_by_its_secret_and_only_its_hash_is_kept() {
    ApiKeys.IssuedKey issued = keys.issue(ApiRole.USER, "acme", "alice", "laptop", "admin");

    assertThat(keys.authenticate(issued.secret())).contains(issued.key());
    assertThat(store.findBySecretHash(ApiKeySecrets.hash(issued.secret()))).contains(issued.key());
    assertThat(store.findBySecretHash(issued.secret())).isEmpty();
    assertThat(keys.authenticate("ujm_wrong")).isEmpty();
    assertThat(keys.authenticate(null)).isEmpty();
  }

  @Test
  void a_revoked_key_no_longer_authenticates_and_the_audit_log_names_who_did_what() {
    ApiKeys.IssuedKey issued = keys.issue(ApiRole.READONLY, "acme", "alice", null, "key-admin-1");
    assertThat(keys.authenticate(issued.secret())).isPresent();
    clock.advance(Duration.ofMinutes(1));

    ApiKey revoked = keys.revoke(issued.key().id(), "key-admin-2");

    assertThat(revoked.revokedAt()).isEqualTo(clock.instant());
    assertThat(keys.authenticate(issued.secret())).isEmpty();
    List<KeyAuditEntry> audit = store.auditTrail(issued.key().id());
    assertThat(audit).extracting(KeyAuditEntry::action).containsExactly("created", "revoked");
    assertThat(audit)
        .extracting(KeyAuditEntry::actor)
        .containsExactly("key-admin-1", "key-admin-2");
    assertThat(audit.get(0).detail()).contains("readonly").contains("acme").contains("alice");
  }

  @Test
  void revoking_twice_changes_nothing_the_second_time_and_an_unknown_key_is_not_found() {
    ApiKeys.IssuedKey issued = keys.issue(ApiRole.USER, "acme", "bob", null, "admin");
    ApiKey first = keys.revoke(issued.key().id(), "admin");
    clock.advance(Duration.ofHours(1));

    ApiKey second = keys.revoke(issued.key().id(), "admin");

    assertThat(second.revokedAt()).isEqualTo(first.revokedAt());
    assertThat(store.auditTrail(issued.key().id())).hasSize(2);
    assertThatThrownBy(() -> keys.revoke("key-nope", "admin"))
        .isInstanceOf(ApiKeyNotFoundException.class);
  }

  @Test
  void keys_are_listed_by_tenant_in_order_of_creation_one_page_at_a_time() {
    List<String> acme = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      acme.add(keys.issue(ApiRole.USER, "acme", "user" + i, null, "admin").key().id());
      keys.issue(ApiRole.USER, "globex", "user" + i, null, "admin");
    }
    List<String> listed = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Page<ApiKey> page = keys.list("acme", cursor, 2);
      page.items().forEach(k -> listed.add(k.id()));
      cursor = page.nextCursor();
      pages++;
    } while (cursor != null);

    assertThat(listed).containsExactlyElementsOf(acme);
    assertThat(pages).isEqualTo(3);
    assertThat(keys.list(null, null, 100).items()).hasSize(10);
  }

  @Test
  void the_bootstrap_key_is_an_operator_key_follows_its_secret_and_cannot_be_revoked() {
    ApiKey admin = keys.bootstrapAdmin("first-admin-secret-0123456789");
    assertThat(admin.role()).isEqualTo(ApiRole.OPERATOR);
    assertThat(keys.authenticate("first-admin-secret-0123456789")).isPresent();

    keys.bootstrapAdmin("first-admin-secret-0123456789");
    assertThat(store.auditTrail(ApiKeys.BOOTSTRAP_ADMIN_ID)).hasSize(1);

    keys.bootstrapAdmin("second-admin-secret-0123456789");
    assertThat(keys.authenticate("first-admin-secret-0123456789")).isEmpty();
    assertThat(keys.authenticate("second-admin-secret-0123456789")).isPresent();
    assertThat(store.auditTrail(ApiKeys.BOOTSTRAP_ADMIN_ID))
        .extracting(KeyAuditEntry::action)
        .containsExactly("created", "secret replaced");
    assertThatThrownBy(() -> keys.revoke(ApiKeys.BOOTSTRAP_ADMIN_ID, "admin"))
        .isInstanceOf(ProtectedKeyException.class);
  }

  @Test
  void a_bootstrap_key_stored_as_admin_becomes_an_operator_and_other_admin_keys_stay_admins() {
    String secret = "earlier-admin-secret-0123456789";
    ApiKey earlier =
        new ApiKey(
            ApiKeys.BOOTSTRAP_ADMIN_ID,
            ApiRole.ADMIN,
            ApiKeys.DEFAULT_TENANT,
            "admin",
            "bootstrap admin key",
            clock.instant(),
            null);
    store.create(earlier, ApiKeySecrets.hash(secret), "system");
    ApiKeys.IssuedKey tenantAdmin = keys.issue(ApiRole.ADMIN, "acme", "root", null, "admin");

    keys.bootstrapAdmin(secret);

    assertThat(keys.authenticate(secret))
        .get()
        .extracting(ApiKey::role)
        .isEqualTo(ApiRole.OPERATOR);
    assertThat(keys.authenticate(tenantAdmin.secret()))
        .get()
        .extracting(ApiKey::role)
        .isEqualTo(ApiRole.ADMIN);
  }

  @Test
  void a_key_without_a_proper_tenant_or_user_is_refused_before_anything_is_stored() {
    assertThatThrownBy(() -> keys.issue(ApiRole.USER, "", "alice", null, "admin"))
        .isInstanceOfSatisfying(
            InvalidApiKeyException.class, e -> assertThat(e.field()).isEqualTo("tenantId"));
    assertThatThrownBy(() -> keys.issue(ApiRole.USER, "acme", "a b", null, "admin"))
        .isInstanceOfSatisfying(
            InvalidApiKeyException.class, e -> assertThat(e.field()).isEqualTo("userId"));
    assertThat(keys.list(null, null, 10).items()).isEmpty();
  }
}
