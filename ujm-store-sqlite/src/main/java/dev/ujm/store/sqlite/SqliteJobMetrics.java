package dev.ujm.store.sqlite;

import dev.ujm.core.analytics.JobMetrics;
import dev.ujm.core.analytics.MetricsPoint;
import dev.ujm.core.analytics.MetricsQuery;
import dev.ujm.core.analytics.MetricsStep;
import java.time.Instant;
import java.util.List;

/**
 * The job metrics of the embedded store, in {@code job_metrics} of the same database file: the
 * writer adds each group commit's figures in that commit's transaction ({@link GroupMetrics}), so
 * the figures never disagree with the jobs; reads go to the read pool. Thread-safe.
 */
final class SqliteJobMetrics implements JobMetrics {
  private final SqliteJobStore jobs;

  SqliteJobMetrics(SqliteJobStore jobs) {
    this.jobs = jobs;
  }

  @Override
  public List<MetricsPoint> series(MetricsQuery q) {
    Object[] args = {
      q.step().wireName(),
      q.from().toEpochMilli(),
      q.to().toEpochMilli(),
      q.type(),
      q.type(),
      q.queue(),
      q.queue(),
      q.tenant(),
      q.tenant()
    };
    return MetricsPoint.sum(
        jobs.readers().read(db -> MetricsRows.rows(db.prepare(MetricsRows.SERIES), args)));
  }

  @Override
  public int trim(MetricsStep step, Instant before) {
    return jobs.write(tx -> tx.update(MetricsRows.TRIM, step.wireName(), before.toEpochMilli()));
  }
}
