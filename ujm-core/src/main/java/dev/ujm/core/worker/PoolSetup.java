package dev.ujm.core.worker;

import dev.ujm.core.eta.EtaEstimator;
import dev.ujm.core.store.JobStore;
import java.time.Duration;
import java.time.InstantSource;

/** What every {@link QueuePool} of one worker service shares. */
record PoolSetup(
    JobStore store,
    InstantSource clock,
    AttemptRunner runner,
    RunningAttempts running,
    String workerId,
    Duration leaseDuration,
    Duration idleWait,
    EtaEstimator eta) {}
