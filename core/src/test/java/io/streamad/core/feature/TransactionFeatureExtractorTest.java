package io.streamad.core.feature;

import io.streamad.avro.CardTransaction;
import io.streamad.avro.Channel;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransactionFeatureExtractorTest {

    private final TransactionFeatureExtractor extractor = new TransactionFeatureExtractor(TransactionFeatureConfig.DEFAULT);
    private final Instant start = Instant.parse("2026-01-05T09:00:00Z");

    private CardTransaction txn(String merchant, String country, double amount, Instant at, Channel channel) {
        return new CardTransaction("t-" + at.toEpochMilli(), "card-1", "acct-1", merchant, "5411", amount, "EUR",
                at, channel, country, null, channel != Channel.ECOMMERCE);
    }

    private float feature(FeatureVector v, String name) {
        return v.values()[extractor.schema().names().indexOf(name)];
    }

    private CardHistory habitualCard() {
        CardHistory h = extractor.newState();
        for (int day = 0; day < 30; day++) {
            Instant at = start.plus(Duration.ofDays(day));
            extractor.extractAndUpdate(h, txn("grocer", "DE", 40 + day % 5, at, Channel.POS));
            extractor.extractAndUpdate(h, txn("bakery", "DE", 5, at.plus(Duration.ofHours(8)), Channel.CONTACTLESS));
        }
        return h;
    }

    @Test
    void shouldFlagMerchantsAndCountriesNewToTheCard() {
        CardHistory h = habitualCard();
        Instant next = start.plus(Duration.ofDays(31));

        FeatureVector known = extractor.extractAndUpdate(h, txn("grocer", "DE", 42, next, Channel.POS));
        FeatureVector foreign = extractor.extractAndUpdate(h, txn("casino", "MT", 900, next.plusSeconds(60), Channel.ECOMMERCE));

        assertThat(feature(known, "new_merchant")).isZero();
        assertThat(feature(known, "new_country")).isZero();
        assertThat(feature(foreign, "new_merchant")).isEqualTo(1f);
        assertThat(feature(foreign, "new_country")).isEqualTo(1f);
        assertThat(feature(foreign, "amount_z")).isGreaterThan(3);
        assertThat(feature(foreign, "ecommerce")).isEqualTo(1f);
        assertThat(feature(foreign, "card_not_present")).isEqualTo(1f);
    }

    @Test
    void shouldSeeABurstInTheShortWindowCount() {
        CardHistory h = habitualCard();
        Instant burst = start.plus(Duration.ofDays(31));
        FeatureVector last = null;
        for (int i = 0; i < 10; i++) {
            last = extractor.extractAndUpdate(h, txn("shop-" + i, "DE", 1, burst.plusSeconds(20L * i), Channel.ECOMMERCE));
        }
        assertThat(Math.expm1(feature(last, "log_count_short"))).isGreaterThan(8);
        assertThat(Math.expm1(feature(last, "log_minutes_since_last"))).isLessThan(1);
    }

    @Test
    void shouldDecayActivityWithTime() {
        CardHistory h = extractor.newState();
        extractor.extractAndUpdate(h, txn("a", "DE", 10, start, Channel.POS));
        FeatureVector soon = extractor.extractAndUpdate(extractor.deserialize(extractor.serialize(h)), txn("b", "DE", 10, start.plusSeconds(60), Channel.POS));
        FeatureVector later = extractor.extractAndUpdate(h, txn("b", "DE", 10, start.plus(Duration.ofHours(5)), Channel.POS));
        assertThat(feature(soon, "log_count_short")).isGreaterThan(feature(later, "log_count_short"));
    }

    @Test
    void shouldProduceTheSameFeaturesFromARestoredState() {
        CardHistory h = habitualCard();
        CardHistory restored = extractor.deserialize(extractor.serialize(h));
        CardTransaction t = txn("bakery", "FR", 12, start.plus(Duration.ofDays(40)), Channel.POS);

        assertThat(extractor.extractAndUpdate(restored, t).values())
                .containsExactly(extractor.extractAndUpdate(h, t).values());
    }

    @Test
    void shouldStayFiniteWithASubMinuteWindowAndSimultaneousTransactions() {
        TransactionFeatureExtractor fast = new TransactionFeatureExtractor(
                new TransactionFeatureConfig(Duration.ofSeconds(30), Duration.ofMinutes(90), 16, 4));
        CardHistory h = fast.newState();
        fast.extractAndUpdate(h, txn("a", "DE", 10, start, Channel.POS));
        FeatureVector same = fast.extractAndUpdate(h, txn("b", "DE", 10, start, Channel.POS));
        FeatureVector later = fast.extractAndUpdate(fast.deserialize(fast.serialize(h)),
                txn("c", "DE", 10, start.plus(Duration.ofHours(1)), Channel.POS));

        for (float f : same.values()) {
            assertThat(f).isFinite();
        }
        for (float f : later.values()) {
            assertThat(f).isFinite();
        }
    }

    @Test
    void shouldKeepAFullCardIn87Bytes() {
        CardHistory h = habitualCard();
        for (int i = 0; i < 40; i++) {
            extractor.extractAndUpdate(h, txn("shop-" + i, "C" + i % 9, 20, start.plus(Duration.ofDays(30)).plusSeconds(600L * i),
                    Channel.POS));
        }

        assertThat(extractor.serialize(h)).hasSize(87);
    }

    @Test
    void shouldCarryOnACardStoredInTheEarlierFormat() {
        // given: 57 transactions at the grocer and the bakery in Germany, as the format with 4-byte hashes stored them
        ByteBuffer old = ByteBuffer.allocate(1 + 8 + 8 + 32 + 2 + 8 + 2 + 4)
                .put((byte) 2).putLong(57).putLong(start.toEpochMilli())
                .putFloat(0.5f).putFloat(2f).putFloat(20f).putFloat(90f).putFloat(3f).putFloat(0.1f).putFloat(0f).putFloat(0f)
                .put((byte) 2).put((byte) 0).putInt("grocer".hashCode()).putInt("bakery".hashCode())
                .put((byte) 1).put((byte) 0).putInt("DE".hashCode());

        // when
        CardHistory h = extractor.deserialize(old.array());
        FeatureVector known = extractor.extractAndUpdate(h, txn("bakery", "DE", 20, start.plus(Duration.ofHours(1)), Channel.POS));
        FeatureVector foreign = extractor.extractAndUpdate(h, txn("casino", "MT", 20, start.plus(Duration.ofHours(2)), Channel.POS));

        // then
        assertThat(h.transactions()).isEqualTo(59);
        assertThat(feature(known, "new_merchant")).isZero();
        assertThat(feature(known, "new_country")).isZero();
        assertThat(feature(known, "log_minutes_since_last")).isEqualTo((float) Math.log1p(60));
        assertThat(feature(foreign, "new_merchant")).isEqualTo(1f);
        assertThat(feature(foreign, "new_country")).isEqualTo(1f);
        assertThat(extractor.deserialize(extractor.serialize(h)).transactions()).isEqualTo(59);
    }

    @Test
    void shouldRefuseAStateOfAnUnknownFormat() {
        byte[] bytes = extractor.serialize(habitualCard());
        bytes[0] = 9;

        assertThatThrownBy(() -> extractor.deserialize(bytes))
                .hasMessageContaining("unknown card history format 9");
    }

    @Test
    void shouldRejectImpossibleAmounts() {
        assertThat(extractor.validate(txn("a", "DE", Double.POSITIVE_INFINITY, start, Channel.POS))).isPresent();
        assertThat(extractor.validate(txn("a", "DE", -5, start, Channel.POS))).isPresent();
        assertThat(extractor.validate(txn("a", "DE", 5, start, Channel.POS))).isEmpty();
    }

    @Test
    void shouldScoreAnOutOfOrderTransactionAsSimultaneousAndKeepTheCardsClockAtItsNewest() {
        CardHistory h = habitualCard();
        Instant newest = start.plus(Duration.ofDays(29)).plus(Duration.ofHours(8));

        FeatureVector late = extractor.extractAndUpdate(h, txn("grocer", "DE", 42, newest.minus(Duration.ofDays(3)), Channel.POS));
        FeatureVector next = extractor.extractAndUpdate(extractor.deserialize(extractor.serialize(h)),
                txn("grocer", "DE", 42, newest.plus(Duration.ofHours(2)), Channel.POS));

        assertThat(feature(late, "log_minutes_since_last")).isZero();
        assertThat(next.summary()[1]).as("minutes since the newest transaction, not the late one").isEqualTo(120f);
        for (float f : late.values()) {
            assertThat(f).isFinite();
        }
        for (float f : next.values()) {
            assertThat(f).isFinite();
        }
    }
}
