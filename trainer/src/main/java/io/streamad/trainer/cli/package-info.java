/** The trainer's command line: train a model from a file and write it where detectors load it. */
package io.streamad.trainer.cli;
