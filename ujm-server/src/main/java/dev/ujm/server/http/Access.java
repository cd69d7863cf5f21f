package dev.ujm.server.http;

/** What a route asks of the caller's key. */
public enum Access {
  /** No key: health, readiness, metrics, the API description. */
  PUBLIC,
  /** Any active key: reads, limited to the jobs the key may see. */
  READ,
  /** A key that may write (admin or user): submit, cancel, retry, clone. */
  WRITE,
  /** An admin key: keys, queues, workers. */
  ADMIN
}
