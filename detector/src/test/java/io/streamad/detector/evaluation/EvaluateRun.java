package io.streamad.detector.evaluation;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One run of the evaluate command line as a user types it: its exit code and what it wrote to stderr. */
record EvaluateRun(int exitCode, String err) {

    static EvaluateRun of(String... args) {
        CommandLine cli = EvaluateCommand.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new EvaluateRun(code, err.toString());
    }
}
