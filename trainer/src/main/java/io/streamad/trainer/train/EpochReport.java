package io.streamad.trainer.train;

/**
 * Progress of one training epoch.
 *
 * @param model           the model family
 * @param epoch           1-based epoch number
 * @param maxEpochs       the most epochs this training may run
 * @param trainLoss       mean training loss over the epoch's steps
 * @param validationLoss  mean reconstruction error on the held-out rows after the epoch
 * @param bestLoss        best validation error so far
 * @param bestEpoch       the epoch that reached it
 * @param millis          the epoch's wall-clock time
 */
public record EpochReport(String model, int epoch, int maxEpochs, double trainLoss, double validationLoss,
                          double bestLoss, int bestEpoch, long millis) {

    @Override
    public String toString() {
        return String.format("%s: epoch %d/%d train %.5f validation %.5f (best %.5f at epoch %d) %d ms",
                model, epoch, maxEpochs, trainLoss, validationLoss, bestLoss, bestEpoch, millis);
    }
}
