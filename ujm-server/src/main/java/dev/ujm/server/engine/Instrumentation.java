package dev.ujm.server.engine;

import dev.ujm.core.engine.Ujm;
import dev.ujm.core.handler.WorkSpans;
import dev.ujm.core.model.JobUpdate;
import dev.ujm.core.store.CommitObserver;
import dev.ujm.core.store.JobStore;
import dev.ujm.core.worker.AttemptObserver;
import java.util.function.Consumer;

/**
 * What watches every engine the backend starts (metrics, traces): the same observers are attached
 * to the engine that runs after a reconnect, so counters carry on across it.
 *
 * @param moves told of every committed change of the store (on its committing thread)
 * @param commits told of every transaction the store commits
 * @param attempts told of every attempt this node runs
 * @param built told of each engine once it is built, before it starts (to learn the queues its
 *     pools serve, to follow its event bus)
 * @param spans offered to job types to trace the steps of their attempts
 */
public record Instrumentation(
    Consumer<JobUpdate> moves,
    CommitObserver commits,
    AttemptObserver attempts,
    Consumer<Ujm> built,
    WorkSpans spans) {

  /** The same, with attempts also traced by {@code tracer} and their steps by {@code steps}. */
  public Instrumentation tracedWith(AttemptObserver tracer, WorkSpans steps) {
    return new Instrumentation(
        moves, commits, AttemptObserver.both(attempts, tracer), built, steps);
  }

  /** The same, with {@code more} also told of each engine once it is built. */
  public Instrumentation alsoWhenBuilt(Consumer<Ujm> more) {
    return new Instrumentation(moves, commits, attempts, built.andThen(more), spans);
  }

  /** Attaches the store's observers. */
  public void attachTo(JobStore store) {
    store.addListener(moves);
    store.addCommitObserver(commits);
  }
}
