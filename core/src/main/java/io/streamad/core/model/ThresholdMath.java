package io.streamad.core.model;

/** Constants shared by calibration and the online threshold. */
public final class ThresholdMath {

    /** Added to scores before taking logs, so a perfect reconstruction has a finite log score. */
    public static final double EPSILON = 1e-9;

    private ThresholdMath() {
    }
}
