/**
 * The model contract shared by trainer and detector: the manifest that travels with every
 * SavedModel, normalisation, the reconstruction-error formula and the threshold calibration.
 */
package io.streamad.core.model;
