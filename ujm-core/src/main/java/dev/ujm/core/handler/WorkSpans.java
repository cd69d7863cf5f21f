package dev.ujm.core.handler;

/**
 * Lets job types trace the steps of an attempt (a crawl's page fetches) without knowing the tracing
 * library: the server offers one through {@link JobEnvironment#service(Class)} when tracing is on;
 * a module that finds none uses {@link #NONE}. A span started on the attempt's thread is a child of
 * the attempt's span; threads the handler starts get that context with {@link #carrying}.
 * Implementations are thread-safe.
 */
public interface WorkSpans {

  /** Traces nothing. */
  WorkSpans NONE =
      new WorkSpans() {
        @Override
        public Step start(String name, String attribute, String value) {
          return Step.NONE;
        }

        @Override
        public Runnable carrying(Runnable task) {
          return task;
        }
      };

  /**
   * Starts a span, child of this thread's current one, with one attribute; close it on this thread.
   */
  Step start(String name, String attribute, String value);

  /** {@code task}, run in the context that is current now (for a thread the handler starts). */
  Runnable carrying(Runnable task);

  /** One traced step. */
  interface Step extends AutoCloseable {
    /** A step that records nothing. */
    Step NONE =
        new Step() {
          @Override
          public void result(String attribute, long value, boolean failed) {}

          @Override
          public void close() {}
        };

    /** Records how it went: one numeric attribute (a status code, say), and whether it failed. */
    void result(String attribute, long value, boolean failed);

    /** Ends the span. */
    @Override
    void close();
  }
}
