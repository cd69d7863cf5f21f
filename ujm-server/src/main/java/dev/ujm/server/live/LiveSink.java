package dev.ujm.server.live;

/** A live client as the {@link LiveHub} sees it: where its events go. */
interface LiveSink {

  /** What the client follows. */
  Interest interest();

  /**
   * Queues an event for the client without waiting. A client whose queue is full is dropped by the
   * sink itself.
   */
  void offer(LiveEvent event);

  /** Events were lost before reaching this client: it should read the jobs it shows again. */
  void resync(String reason);

  /** The server is stopping: end the client's stream so its connection can close. */
  default void serverStopping() {}
}
