package dev.ujm.core.store;

import dev.ujm.core.model.Lease;
import java.time.Duration;
import java.util.List;

/** The leases a worker believes it holds, to be extended by {@code leaseDuration} from now. */
public record HeartbeatRequest(String workerId, List<Lease> leases, Duration leaseDuration) {}
