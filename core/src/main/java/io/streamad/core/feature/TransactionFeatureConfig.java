package io.streamad.core.feature;

import java.time.Duration;

/**
 * Parameters of the card-transaction features.
 *
 * @param shortWindow    time constant of the short activity window (count and sum decay by e per constant)
 * @param longWindow     time constant of the long activity window
 * @param knownMerchants how many distinct recent merchants a card remembers for the new-merchant flag
 * @param knownCountries how many distinct recent countries a card remembers for the new-country flag
 */
public record TransactionFeatureConfig(Duration shortWindow, Duration longWindow, int knownMerchants, int knownCountries) {

    public static final TransactionFeatureConfig DEFAULT =
            new TransactionFeatureConfig(Duration.ofHours(1), Duration.ofHours(24), 16, 4);

    public TransactionFeatureConfig {
        if (shortWindow.isZero() || shortWindow.isNegative() || longWindow.compareTo(shortWindow) <= 0) {
            throw new IllegalArgumentException("need 0 < shortWindow < longWindow, got " + shortWindow + " and " + longWindow);
        }
        if (knownMerchants < 1 || knownMerchants > 127 || knownCountries < 1 || knownCountries > 127) {
            throw new IllegalArgumentException("knownMerchants and knownCountries must be in 1..127");
        }
    }
}
