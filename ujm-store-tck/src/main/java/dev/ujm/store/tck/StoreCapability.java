package dev.ujm.store.tck;

/**
 * What a store may do beyond the mandatory contract. A test that needs one calls {@code
 * assumeTrue(can(...))}, so a store that lacks it skips that test instead of failing; stores never
 * branch on their own class.
 */
public enum StoreCapability {
  /**
   * Listeners have been called by the time the writing method returns (the store notifies on the
   * committing thread). A store that publishes through a broker and delivers later leaves this out.
   */
  SYNCHRONOUS_LISTENERS
}
