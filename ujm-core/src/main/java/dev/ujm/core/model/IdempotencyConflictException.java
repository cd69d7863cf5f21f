package dev.ujm.core.model;

/**
 * A submit repeated an idempotency key that another owner of the same tenant used first. Returning
 * that owner's job would show it to someone who may not see it, so the submit (and the whole batch
 * it is part of) is refused and nothing is stored.
 */
public final class IdempotencyConflictException extends UjmException {
  private final String idempotencyKey;

  public IdempotencyConflictException(String idempotencyKey) {
    super(
        "idempotency key '"
            + idempotencyKey
            + "' was already used by another user of the tenant; choose another key");
    this.idempotencyKey = idempotencyKey;
  }

  public String idempotencyKey() {
    return idempotencyKey;
  }
}
