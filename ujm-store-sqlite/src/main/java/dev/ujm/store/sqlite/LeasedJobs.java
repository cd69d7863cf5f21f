package dev.ujm.store.sqlite;

import dev.ujm.core.model.Job;
import dev.ujm.core.model.Lease;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The jobs this store's writer last saw under a lease, as their rows read back then (from the
 * claim, a progress report or a checkpoint), so that completing one can build the finished job from
 * what is known instead of reading the whole row back. Only a copy whose lease (job, worker,
 * attempt) equals the completing lease is used, and the write itself stays fenced in the database;
 * between the claim and the end of an attempt only the lease holder changes the row, and every such
 * change goes through the writer and refreshes the copy. A task that fails or a group that does not
 * commit {@link #clear() clears} the whole memory, so a rolled-back change is never remembered.
 * Holds at most {@link #CAPACITY} jobs (the least recently remembered go first); a job not held is
 * read back from the database as before. Used by the writer thread only; not thread-safe.
 */
final class LeasedJobs {
  static final int CAPACITY = 10_000;

  private final Map<String, Job> jobs =
      new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Job> eldest) {
          return size() > CAPACITY;
        }
      };

  /** Remembers a job as its row now reads, replacing any older copy. */
  void remember(Job job) {
    jobs.remove(job.id()); // re-inserted last, so eviction drops the oldest claims first
    jobs.put(job.id(), job);
  }

  /**
   * The job under exactly this lease as last remembered, and forgets it (the attempt is ending);
   * null when not held or held under another lease.
   */
  Job take(Lease lease) {
    Job job = jobs.remove(lease.jobId());
    return job != null && job.lease().equals(lease) ? job : null;
  }

  /** Forgets a job (its attempt ended another way). */
  void forget(String jobId) {
    jobs.remove(jobId);
  }

  /** Forgets every job. */
  void clear() {
    jobs.clear();
  }

  int size() {
    return jobs.size();
  }
}
