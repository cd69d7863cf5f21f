package dev.ujm.core.store;

/**
 * Told of every transaction a store commits, for metrics: how many writes went in together and how
 * long the transaction took. Stores that commit writes one by one, or whose commits are not theirs
 * to time (a remote database's), need not call it. Called on the committing thread: it must be
 * quick and must not throw.
 */
@FunctionalInterface
public interface CommitObserver {
  /**
   * @param writes the callers' writes committed in this one transaction (the group's size)
   * @param nanos from the transaction's begin to its commit on disk
   */
  void committed(int writes, long nanos);
}
