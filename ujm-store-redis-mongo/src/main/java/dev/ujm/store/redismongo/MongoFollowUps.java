package dev.ujm.store.redismongo;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static dev.ujm.core.model.JobState.CANCELLED;
import static dev.ujm.core.model.JobState.WAITING;
import static dev.ujm.store.redismongo.JobDocuments.DEPENDS_ON;
import static dev.ujm.store.redismongo.JobDocuments.FOLLOW_UPS;
import static dev.ujm.store.redismongo.JobDocuments.ID;
import static dev.ujm.store.redismongo.JobDocuments.LAST_MOVE;

import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import dev.ujm.core.model.Job;
import dev.ujm.core.model.MoveArgs;
import dev.ujm.core.model.Transition;
import dev.ujm.core.model.Transition.Move;
import dev.ujm.core.workflow.DependencyCascade;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.bson.Document;

/**
 * The follow-ups of moves — the dependents' cascades — as explicit, idempotent steps. A move that
 * has one pushes a token ({@code KIND:rev}) onto its job's document in the same update as the move;
 * finishing it runs the {@link DependencyCascade} and pulls the token. A step of a cascade that
 * ends a dependent (cancels it) or re-arms it pushes a token of its own in its update, so a crash
 * half-way down a chain leaves the rest to do on record. A token whose cascade lost a race to
 * another write stays and is finished by a later pass. The {@code JUDGE} token of a new waiting job
 * judges it once more after it is stored, so a parent that ended between the check and the insert
 * cannot leave it waiting forever. Thread-safe.
 */
final class MongoFollowUps {
  /** The follow-up of a newly stored waiting job: judge it by its parents as they are now. */
  static final String JUDGE = "JUDGE";

  private final MongoJobs jobs;
  private final InstantSource clock;
  private final Function<String, Map<String, String>> workflowRefs;

  MongoFollowUps(
      MongoJobs jobs, InstantSource clock, Function<String, Map<String, String>> workflowRefs) {
    this.jobs = jobs;
    this.clock = clock;
    this.workflowRefs = workflowRefs;
  }

  /** The token a move records for a follow-up of this kind on a document at this revision. */
  static String token(String kind, Document before) {
    return kind + ":" + (JobDocuments.rev(before) + 1);
  }

  /**
   * Finishes the follow-ups pending on these jobs and those the cascades leave on others, until
   * none is left or {@code limit} are done; returns how many it finished.
   */
  int finish(Set<String> jobIds, int limit) {
    Set<String> todo = new LinkedHashSet<>(jobIds);
    int done = 0;
    while (!todo.isEmpty() && done < limit) {
      String jobId = todo.iterator().next();
      todo.remove(jobId);
      Document doc = jobs.find(jobId);
      if (doc == null) {
        continue;
      }
      Graph graph = new Graph();
      List<String> finished = new ArrayList<>();
      for (String token : doc.getList(FOLLOW_UPS, String.class, List.of())) {
        if (done + finished.size() >= limit) {
          break;
        }
        try {
          run(graph, token, jobId);
          finished.add(token);
        } catch (LostRace race) {
          break; // another write came first: this token and the next wait for a later pass
        }
      }
      if (!finished.isEmpty()) {
        jobs.dropFollowUps(jobId, finished);
        done += finished.size();
      }
      todo.addAll(graph.marked);
    }
    return done;
  }

  /** Finishes up to {@code limit} pending follow-ups of any job, oldest job first. */
  int finishPending(int limit) {
    int done = 0;
    while (done < limit) {
      int room = Math.min(100, limit - done);
      List<String> pending =
          MongoFaults.call(
              "reading follow-ups",
              () ->
                  jobs.collection()
                      .find(exists(FOLLOW_UPS + ".0"))
                      .projection(Projections.include(ID))
                      .sort(Sorts.ascending(ID))
                      .limit(room)
                      .map(d -> d.getString(ID))
                      .into(new ArrayList<>()));
      if (pending.isEmpty()) {
        break;
      }
      int pass = finish(new LinkedHashSet<>(pending), limit - done);
      if (pass == 0) {
        break; // every one lost a race: leave them to the next pass
      }
      done += pass;
    }
    return done;
  }

  private void run(Graph graph, String token, String jobId) {
    String kind = token.substring(0, token.indexOf(':'));
    DependencyCascade cascade = new DependencyCascade(graph);
    if (kind.equals(JUDGE)) {
      Job job = graph.job(jobId);
      if (job != null && job.state() == WAITING) {
        cascade.settle(job, null);
      }
    } else {
      cascade.run(DependencyCascade.Kind.valueOf(kind), jobId);
    }
  }

  /** A write of the cascade lost to another write; the follow-up stays pending. */
  private static final class LostRace extends RuntimeException {
    LostRace() {
      super(null, null, false, false);
    }
  }

  /** The cascade's view of the collection: fresh reads, conditional moves. */
  private final class Graph implements DependencyCascade.Graph {
    private final Map<String, Document> read = new HashMap<>();
    private final Set<String> marked = new LinkedHashSet<>();

    @Override
    public Job job(String jobId) {
      Document doc = jobs.find(jobId);
      if (doc == null) {
        return null;
      }
      read.put(jobId, doc);
      return JobDocuments.job(doc);
    }

    @Override
    public List<String> dependentsOf(String jobId) {
      return MongoFaults.call(
          "reading dependents",
          () ->
              jobs.collection()
                  .find(eq(DEPENDS_ON, jobId))
                  .projection(Projections.include(ID))
                  .sort(Sorts.ascending(ID))
                  .map(d -> d.getString(ID))
                  .into(new ArrayList<>()));
    }

    @Override
    public Transition lastTransition(String jobId) {
      Document doc = read.containsKey(jobId) ? read.get(jobId) : jobs.find(jobId);
      return doc == null ? null : Transition.parse(doc.getString(LAST_MOVE));
    }

    @Override
    public Job move(Job job, Transition transition, MoveArgs args) {
      Document before = read.remove(job.id());
      if (before == null) {
        throw new LostRace();
      }
      Move move = transition.apply(job, args, clock.instant());
      String kind =
          move.job().state() == CANCELLED
              ? DependencyCascade.Kind.CANCEL_DEPENDENTS.name()
              : transition == Transition.REARM_DEPENDENT
                  ? DependencyCascade.Kind.REARM_DEPENDENTS.name()
                  : null;
      String token =
          kind == null || !JobDocuments.hasDependents(before) ? null : token(kind, before);
      if (!jobs.commit(before, move, token)) {
        throw new LostRace();
      }
      if (token != null) {
        marked.add(job.id());
      }
      return move.job();
    }

    @Override
    public Map<String, String> refs(String workflowId) {
      return workflowRefs.apply(workflowId);
    }

    @Override
    public Instant now() {
      return clock.instant();
    }
  }
}
