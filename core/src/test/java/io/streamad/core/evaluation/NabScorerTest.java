package io.streamad.core.evaluation;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class NabScorerTest {

    private static final long MINUTE = 60_000;

    @Test
    void shouldGiveTheScoresNabPublishedForTheSameDetections() throws IOException {
        // given NAB's windowedGaussian output for three files and NAB's published scores of them
        List<NabReference.Published> published;
        try (BufferedReader in = resource("windowedGaussian_scores.csv")) {
            published = NabReference.published(in);
        }
        assertThat(published).hasSize(9);
        for (NabReference.Published expected : published) {
            String name = expected.file().substring(expected.file().indexOf('/') + 1);
            NabReference.Output output;
            try (InputStream raw = new GZIPInputStream(stream("windowedGaussian_" + name + ".gz"))) {
                output = NabReference.output(raw);
            }
            // when
            NabScorer.FileScore actual = NabScorer.score(output.times(), output.detections(), output.windows(),
                    NabReference.profiles().get(expected.profile()));
            // then
            assertThat(actual.score()).as(expected.profile() + " " + expected.file()).isCloseTo(expected.score(), within(1e-9));
            assertThat(new int[] {actual.tp(), actual.tn(), actual.fp(), actual.fn()})
                    .as(expected.file()).containsExactly(expected.tp(), expected.tn(), expected.fp(), expected.fn());
        }
    }

    @Test
    void shouldReproduceWindowedGaussiansPublishedScoreboardOnTheWholeCorpus() throws IOException {
        Optional<Path> nab = NabReference.corpus();
        assumeTrue(nab.isPresent(), "NAB's results are not on this machine (../shared/data/nab)");
        Path results = nab.get().resolve("results/windowedGaussian");
        Map<String, NabReference.Output> outputs = new HashMap<>();
        try (Stream<Path> files = Files.walk(results)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("windowedGaussian_")
                    && f.getParent().equals(results) == false).toList()) {
                String category = file.getParent().getFileName().toString();
                String name = file.getFileName().toString().substring("windowedGaussian_".length());
                outputs.put(category + "/" + name, NabReference.output(file));
            }
        }
        assertThat(outputs).hasSize(58);
        Map<String, Double> expectedNormalised = Map.of("standard", 39.649523496077585,
                "reward_low_FP_rate", 20.86798582474138, "reward_low_FN_rate", 47.4100271583046);
        for (NabProfile profile : NabProfile.ALL) {
            List<NabReference.Published> published;
            try (BufferedReader in = Files.newBufferedReader(results.resolve("windowedGaussian_" + profile.name() + "_scores.csv"))) {
                published = NabReference.published(in);
            }
            double total = 0;
            int windows = 0;
            for (NabReference.Published expected : published) {
                NabReference.Output output = outputs.get(expected.file());
                NabScorer.FileScore actual = NabScorer.score(output.times(), output.detections(), output.windows(), profile);
                assertThat(actual.score()).as(profile.name() + " " + expected.file()).isCloseTo(expected.score(), within(1e-9));
                assertThat(actual.fp()).as(expected.file()).isEqualTo(expected.fp());
                total += actual.score();
                windows += actual.windows();
            }
            assertThat(windows).isEqualTo(116);
            assertThat(profile.normalise(total, windows)).as(profile.name())
                    .isCloseTo(expectedNormalised.get(profile.name()), within(1e-9));
        }
    }

    @Test
    void shouldRewardAnEarlierDetectionInAWindowMore() {
        long[] times = minutes(200);
        List<NabScorer.Window> window = List.of(new NabScorer.Window(100 * MINUTE, 139 * MINUTE));
        double early = NabScorer.score(times, flagged(200, 101), window, NabProfile.STANDARD).score();
        double late = NabScorer.score(times, flagged(200, 135), window, NabProfile.STANDARD).score();
        double both = NabScorer.score(times, flagged(200, 101, 135), window, NabProfile.STANDARD).score();
        assertThat(early).isGreaterThan(late).isLessThanOrEqualTo(1.0);
        assertThat(both).isEqualTo(early);
        assertThat(NabScorer.score(times, flagged(200), window, NabProfile.STANDARD).score()).isEqualTo(-1.0);
        assertThat(NabScorer.score(times, flagged(200), window, NabProfile.REWARD_LOW_FN_RATE).score()).isEqualTo(-2.0);
    }

    @Test
    void shouldIgnoreDetectionsInTheProbationaryPeriodAndChargeFalsePositivesOutsideWindows() {
        long[] times = minutes(200);
        assertThat(NabScorer.probation(200)).isEqualTo(30);
        assertThat(NabScorer.probation(100_000)).isEqualTo(750);
        List<NabScorer.Window> none = List.of();
        assertThat(NabScorer.score(times, flagged(200, 10), none, NabProfile.STANDARD).score()).isZero();
        NabScorer.FileScore falsePositive = NabScorer.score(times, flagged(200, 50), none, NabProfile.STANDARD);
        assertThat(falsePositive.score()).isEqualTo(-0.11);
        assertThat(falsePositive.fp()).isEqualTo(1);
        assertThat(falsePositive.tn()).isEqualTo(169);
    }

    @Test
    void shouldNormaliseBetweenTheNullAndThePerfectDetector() {
        assertThat(NabProfile.STANDARD.normalise(-116, 116)).isZero();
        assertThat(NabProfile.STANDARD.normalise(116, 116)).isEqualTo(100.0);
        assertThat(NabProfile.REWARD_LOW_FN_RATE.normalise(-232, 116)).isZero();
    }

    private static long[] minutes(int n) {
        long[] times = new long[n];
        for (int i = 0; i < n; i++) {
            times[i] = i * MINUTE;
        }
        return times;
    }

    private static boolean[] flagged(int n, int... rows) {
        boolean[] flags = new boolean[n];
        for (int row : rows) {
            flags[row] = true;
        }
        return flags;
    }

    private static InputStream stream(String name) {
        InputStream in = NabScorerTest.class.getResourceAsStream("/nab-reference/" + name);
        assertThat(in).as(name).isNotNull();
        return in;
    }

    private static BufferedReader resource(String name) {
        return new BufferedReader(new InputStreamReader(stream(name), StandardCharsets.UTF_8));
    }
}
