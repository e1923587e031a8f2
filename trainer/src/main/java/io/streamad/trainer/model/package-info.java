/**
 * Loading a SavedModel with its manifest for inference, refusing it when they disagree: used by the
 * detector to serve and by the trainer to judge a candidate against the current model.
 */
package io.streamad.trainer.model;
