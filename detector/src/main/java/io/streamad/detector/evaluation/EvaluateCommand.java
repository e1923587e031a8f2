package io.streamad.detector.evaluation;

import io.micronaut.context.ApplicationContext;
import io.streamad.detector.config.DetectorConfig;
import io.streamad.detector.topology.TopologySettings;
import io.streamad.trainer.config.SensorSettings;
import io.streamad.trainer.config.TrainerConfig;
import io.streamad.trainer.config.TransactionSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code evaluate}: replays labelled data through the detector's topology with the product's own
 * configuration (application.yml, then {@code --config} files, then {@code --set key=value}), and
 * writes {@code report.json}, per-record CSVs and plots under {@code --out}.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, version = "streamad evaluate 0.1.0",
        description = "Replay labelled data through the real detector and measure what it finds.",
        subcommands = {NabCommand.class, CsvCommand.class, AvroCommand.class, CardsCommand.class, TransactionsCommand.class})
public final class EvaluateCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", description = "Folder for report.json, records/ and plots/ (default: var/evaluation/<time>).",
            scope = CommandLine.ScopeType.INHERIT)
    Path out;

    @Option(names = "--config", description = "Extra configuration file(s) (YAML or properties), as for the service.",
            scope = CommandLine.ScopeType.INHERIT, split = ",")
    List<Path> config;

    @Option(names = "--set", description = "A configuration value, e.g. --set streamad.threshold.k=4 (repeatable).",
            scope = CommandLine.ScopeType.INHERIT)
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--threads", description = "Series replayed at once (default: the number of processors). "
            + "cards and transactions replay all cards as one stream, on one thread.",
            scope = CommandLine.ScopeType.INHERIT)
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--plot", description = "Series to plot (name or part of it; repeatable). Default: the worst and best few.",
            scope = CommandLine.ScopeType.INHERIT)
    List<String> plots;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The product's configuration, as the detector and trainer would bind it. */
    Settings settings() {
        return settings(Map.of());
    }

    /** The same, with a subcommand's own defaults under the user's --set values. */
    Settings settings(Map<String, String> defaults) {
        Map<String, Object> properties = new HashMap<>(defaults);
        properties.putAll(overrides);
        properties.put("kafka.enabled", "false"); // configuration only: no clients, no streams
        if (config != null && !config.isEmpty()) {
            for (Path file : config) {
                if (!Files.isRegularFile(file)) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--config: no such file: " + file);
                }
            }
            properties.put("micronaut.config.files", String.join(",", config.stream().map(Path::toString).toList()));
        }
        ApplicationContext context = ApplicationContext.builder().environments("evaluate").properties(properties).start();
        try {
            TopologySettings topology = TopologySettings.of(context.getBean(DetectorConfig.class),
                    context.getBean(SensorSettings.class), context.getBean(TransactionSettings.class));
            TrainerConfig trainer = context.getBean(TrainerConfig.class);
            return new Settings(context, topology, trainer, describe(topology, trainer));
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }

    /** The effective values (defaults included) that decide what is detected, for the report. */
    private static Map<String, Object> describe(TopologySettings topology, TrainerConfig trainer) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("sensors", Map.of("window", topology.sensors().window(), "longMemory", topology.sensors().longMemory()));
        d.put("threshold", topology.threshold());
        d.put("batching", Map.of("maxRows", topology.batching().maxRows(), "maxDelay", topology.batching().maxDelay().toString()));
        TrainerConfig.Sample s = trainer.getSample();
        d.put("trainer.sample", Map.of("maxRows", s.getMaxRows(), "maxAge", s.getMaxAge().toString(),
                "anomalyGuard", s.getAnomalyGuard().toString()));
        TrainerConfig.Retrain r = trainer.getRetrain();
        Map<String, Object> retrain = new LinkedHashMap<>();
        retrain.put("bootstrapRows", r.getBootstrapRows());
        retrain.put("interval", r.getInterval().toString());
        retrain.put("minNewRows", r.getMinNewRows());
        retrain.put("maxNewRows", r.getMaxNewRows());
        retrain.put("holdoutFraction", r.getHoldoutFraction());
        retrain.put("warmStart", r.isWarmStart());
        retrain.put("maxEpochs", r.getMaxEpochs());
        retrain.put("seed", r.getSeed());
        d.put("trainer.retrain", retrain);
        TrainerConfig.Gate g = trainer.getGate();
        d.put("trainer.gate", Map.of("tolerance", g.getTolerance(), "maxFalseAlarmRate", g.getMaxFalseAlarmRate(),
                "minSyntheticSeparation", g.getMinSyntheticSeparation()));
        return d;
    }

    Path outputDir() throws java.io.IOException {
        Path dir = out != null ? out
                : Path.of("var", "evaluation", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        return Files.createDirectories(dir);
    }

    /**
     * The bound configuration, and the keys that were set, for the report. The configuration beans read
     * through the context, which stays open until this is closed.
     */
    record Settings(ApplicationContext context, TopologySettings topology, TrainerConfig trainer,
                    Map<String, Object> described) implements AutoCloseable {
        @Override
        public void close() {
            context.close();
        }
    }

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-evaluate.xml");
        }
        System.exit(commandLine().execute(args));
    }

    /** The command line, for running the command in-process (tests, embedding): {@code commandLine().execute(args)}. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new EvaluateCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof IllegalArgumentException) {
                commandLine.getErr().println("evaluate: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli;
    }
}
