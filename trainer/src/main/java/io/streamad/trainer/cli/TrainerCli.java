package io.streamad.trainer.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code streamad-trainer <command>}: the entry point of the trainer's jar. */
@Command(name = "streamad-trainer", mixinStandardHelpOptions = true, version = "streamad-trainer 0.1.0",
        description = "Trains streamad's autoencoder models.", subcommands = TrainSensorsCommand.class)
public final class TrainerCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new TrainerCli()).execute(args));
    }
}
