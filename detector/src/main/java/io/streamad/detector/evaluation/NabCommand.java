package io.streamad.detector.evaluation;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;

/** {@code evaluate nab <dir>}: a data set in NAB's layout, scored as NAB scores it. */
@Command(name = "nab", mixinStandardHelpOptions = true,
        description = "A data set in NAB's layout: <dir>/data/<category>/<file>.csv and <dir>/labels/combined_windows.json.")
final class NabCommand extends DatasetCommand {

    @Parameters(index = "0", description = "The NAB folder (holding data/ and labels/).")
    Path root;

    @Option(names = "--only", split = ",", description = "Only files whose name contains one of these, e.g. realKnownCause.")
    List<String> only;

    @Override
    String dataset() {
        return "nab";
    }

    @Override
    List<Series> load() throws Exception {
        return NabCorpus.load(root, name -> only == null || only.stream().anyMatch(name::contains));
    }
}
