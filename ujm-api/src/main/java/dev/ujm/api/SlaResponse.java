package dev.ujm.api;

import java.util.List;

/** The SLA attainment of every job type with an objective, over a window ending now. */
public record SlaResponse(String tenant, long windowSeconds, List<SlaView> objectives) {}
