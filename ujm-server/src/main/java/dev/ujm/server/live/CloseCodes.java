package dev.ujm.server.live;

/**
 * Why the server closes a WebSocket: the standard codes, and those of the 4000 range that UJM
 * gives. A client can tell from the code whether to reconnect (1001, 1013, 4008) or not (4401).
 */
final class CloseCodes {
  /** The server is shutting down: reconnect (to another node) with backoff. */
  static final int GOING_AWAY = 1001;

  /** The job store is down: try again later. */
  static final int TRY_AGAIN_LATER = 1013;

  /** The client read too slowly: its send queue overflowed, or a send did not finish in time. */
  static final int TOO_SLOW = 4008;

  /** No valid API key at the upgrade nor in a first {@code auth} message in time. */
  static final int UNAUTHORIZED = 4401;

  private CloseCodes() {}
}
