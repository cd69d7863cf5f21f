/**
 * Job analytics: per-minute figures of every job type, queue and tenant (outcomes, attempts, run
 * time and latency histograms), kept by each store in the step of the move they count ({@link
 * dev.ujm.core.analytics.JobMetrics}), rolled up to hours and days as they are written, and read as
 * time series.
 */
package dev.ujm.core.analytics;
