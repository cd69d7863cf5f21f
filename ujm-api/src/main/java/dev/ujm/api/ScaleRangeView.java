package dev.ujm.api;

/** The range a pool is autoscaled in: {@code {"min":2,"max":16}}. */
public record ScaleRangeView(Integer min, Integer max) {}
