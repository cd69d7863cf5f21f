package dev.ujm.server.engine;

import dev.ujm.core.handler.WorkSpans;
import dev.ujm.core.model.JobUpdate;
import dev.ujm.core.store.CommitObserver;
import dev.ujm.core.store.JobStore;
import dev.ujm.core.worker.AttemptObserver;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What watches every engine the backend starts (metrics, traces): the same observers are attached
 * to the engine that runs after a reconnect, so counters carry on across it.
 *
 * @param moves told of every committed change of the store (on its committing thread)
 * @param commits told of every transaction the store commits
 * @param attempts told of every attempt this node runs
 * @param servedQueues told, once the engine runs, which queues its worker pools serve
 * @param spans offered to job types to trace the steps of their attempts
 */
public record Instrumentation(
    Consumer<JobUpdate> moves,
    CommitObserver commits,
    AttemptObserver attempts,
    Consumer<Set<String>> servedQueues,
    WorkSpans spans) {

  /** The same, with attempts also traced by {@code tracer} and their steps by {@code steps}. */
  public Instrumentation tracedWith(AttemptObserver tracer, WorkSpans steps) {
    return new Instrumentation(
        moves, commits, AttemptObserver.both(attempts, tracer), servedQueues, steps);
  }

  /** Attaches the store's observers. */
  public void attachTo(JobStore store) {
    store.addListener(moves);
    store.addCommitObserver(commits);
  }
}
