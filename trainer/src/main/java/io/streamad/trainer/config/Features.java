package io.streamad.trainer.config;

import io.streamad.core.feature.FeatureSchema;
import io.streamad.core.feature.SensorFeatureConfig;
import io.streamad.core.feature.SensorFeatureExtractor;
import io.streamad.core.feature.TransactionFeatureConfig;
import io.streamad.core.feature.TransactionFeatureExtractor;

import java.util.Map;

/** The core feature configurations and schemas that the bound settings describe. */
public final class Features {

    private Features() {
    }

    public static SensorFeatureConfig sensors(SensorSettings s) {
        int lags = s.getLags() == null ? SensorFeatureConfig.defaultLags(s.getWindow()) : s.getLags();
        if (lags > s.getWindow()) {
            throw new IllegalArgumentException("streamad.sensors.lags (" + lags + ") must be at most streamad.sensors.window ("
                    + s.getWindow() + "): the lags are read from the window");
        }
        return new SensorFeatureConfig(s.getMeasurements(), s.getWindow(), s.getLongMemory(), lags,
                s.getSeasonalBuckets(), s.getSeasonalMemory());
    }

    public static TransactionFeatureConfig transactions(TransactionSettings t) {
        return new TransactionFeatureConfig(t.getShortWindow(), t.getLongWindow(), t.getKnownMerchants(), t.getKnownCountries());
    }

    /** The feature schema of each model family, by family name. */
    public static Map<String, FeatureSchema> schemas(SensorSettings s, TransactionSettings t) {
        FeatureSchema sensor = new SensorFeatureExtractor(sensors(s)).schema();
        FeatureSchema transaction = new TransactionFeatureExtractor(transactions(t)).schema();
        return Map.of(sensor.kind(), sensor, transaction.kind(), transaction);
    }
}
