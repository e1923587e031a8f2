package io.streamad.trainer.train;

import java.util.ArrayList;
import java.util.List;

/**
 * How to train: architecture, optimiser and stopping rule, and how to calibrate the threshold.
 *
 * @param hidden             hidden layer widths, encoder then decoder (empty: derived from the input width)
 * @param learningRate       Adam's learning rate
 * @param batchSize          rows per training step
 * @param maxEpochs          upper bound on epochs
 * @param patience           stop after this many epochs without a better validation error
 * @param validationFraction the fraction of rows held out (blocks spread over the window) for early stopping and calibration
 * @param calibrationLevel   the quantile of held-out errors that becomes the global threshold
 * @param clip               bound on normalised feature values
 * @param seed               makes weight initialisation and shuffling reproducible
 */
public record AutoencoderSpec(
        List<Integer> hidden,
        float learningRate,
        int batchSize,
        int maxEpochs,
        int patience,
        double validationFraction,
        double calibrationLevel,
        float clip,
        long seed) {

    public static final AutoencoderSpec DEFAULT =
            new AutoencoderSpec(List.of(), 3e-3f, 64, 100, 8, 0.2, 0.999, 10f, 42);

    public AutoencoderSpec {
        hidden = List.copyOf(hidden);
        if (validationFraction <= 0 || validationFraction >= 1) {
            throw new IllegalArgumentException("validationFraction must be in (0, 1), was " + validationFraction);
        }
        if (batchSize < 1 || maxEpochs < 1 || patience < 1) {
            throw new IllegalArgumentException("batchSize, maxEpochs and patience must be positive");
        }
        if (!(calibrationLevel > 0 && calibrationLevel <= 1)) {
            throw new IllegalArgumentException("calibrationLevel must be in (0, 1], was " + calibrationLevel);
        }
        if (!(clip > 0) || !Float.isFinite(clip)) {
            throw new IllegalArgumentException("clip must be positive and finite, was " + clip);
        }
    }

    public AutoencoderSpec withMaxEpochs(int epochs) {
        return new AutoencoderSpec(hidden, learningRate, batchSize, epochs, patience, validationFraction,
                calibrationLevel, clip, seed);
    }

    public AutoencoderSpec withSeed(long another) {
        return new AutoencoderSpec(hidden, learningRate, batchSize, maxEpochs, patience, validationFraction,
                calibrationLevel, clip, another);
    }

    /**
     * Layer widths from input to output. The default narrows to a bottleneck of about a third of
     * the input, so the network must learn the features' relations rather than copy them.
     */
    public List<Integer> layers(int width) {
        List<Integer> inner = hidden;
        if (inner.isEmpty()) {
            int wide = Math.min(128, Math.max(16, 2 * width));
            int mid = Math.min(64, Math.max(8, width));
            int bottleneck = Math.max(2, (width + 2) / 3);
            inner = List.of(wide, mid, bottleneck, mid, wide);
        }
        List<Integer> layers = new ArrayList<>();
        layers.add(width);
        layers.addAll(inner);
        layers.add(width);
        return List.copyOf(layers);
    }
}
