package io.unipay.core;

import java.time.Duration;

/** A {@link Reconciler}'s settings (see its builder for each one's meaning). */
record ReconcileSettings(
    int batchSize, Duration lease, Duration boundaryTolerance, int reportLimit, int maxQueries) {}
