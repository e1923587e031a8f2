package io.streamad.bench;

import io.streamad.detector.embedded.EmbeddedDefault;
import io.streamad.detector.model.ModelSlot;
import io.streamad.trainer.model.ScoringModel;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ./bench}: preloads sensor readings, runs the pass-through yardstick and the detector variants on them
 * one after another in this process, measures latency at half the detector's maximum, grows per-key state,
 * and writes a JSON report.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Throughput, latency and state-scale harness of the streamad detector (see docs/performance.md).")
public final class BenchCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(BenchCommand.class);

    @Option(names = "--records", description = "Records preloaded and run through each variant (default: ${DEFAULT-VALUE}).")
    long records = 1_000_000;
    @Option(names = "--warmup-records", description = "Records each variant first runs on, unmeasured, so the JIT has compiled "
            + "its code before the measured run (default: ${DEFAULT-VALUE}; 0 for none).")
    long warmupRecords = 200_000;
    @Option(names = "--rounds", description = "Measured rounds: every variant runs once per round, on the same records; the "
            + "report gives each variant's median and the ratios of the medians (default: ${DEFAULT-VALUE}).")
    int rounds = 3;
    @Option(names = "--partitions", description = "Input partitions (default: ${DEFAULT-VALUE}).")
    int partitions = 3;
    @Option(names = "--sensors", description = "Distinct sensor keys in the throughput runs (default: ${DEFAULT-VALUE}).")
    int sensors = 200;
    @Option(names = "--variants", split = ",", description = "Variants to run, in order (default: ${DEFAULT-VALUE}).")
    List<String> variants = List.of("passthrough", "detector", "per_record", "at_least_once");
    @Option(names = "--commit-interval-ms", description = "Kafka Streams commit.interval.ms (default: ${DEFAULT-VALUE}, as the detector).")
    int commitIntervalMs = 100;
    @Option(names = "--stream-threads", description = "Kafka Streams num.stream.threads (default: ${DEFAULT-VALUE}, as the detector).")
    int streamThreads = 1;
    @Option(names = "--latency-seconds", description = "Length of the latency run at half the detector's maximum; 0 skips it (default: ${DEFAULT-VALUE}).")
    int latencySeconds = 30;
    @Option(names = "--latency-warmup-seconds", description = "Records sent in the first seconds are not measured (default: ${DEFAULT-VALUE}).")
    int latencyWarmUpSeconds = 5;
    @Option(names = "--state-keys", split = ",", description = "Key counts of the state-scale step; 0 skips it (default: ${DEFAULT-VALUE}; add 1000000 for the 1M step).")
    List<Long> stateKeys = List.of(10_000L, 100_000L);
    @Option(names = "--bootstrap-servers", description = "An external cluster; unset starts the in-process broker.")
    String bootstrapServers;
    @Option(names = "--work-dir", description = "Broker logs, Kafka Streams state, the model (default: ${DEFAULT-VALUE}; emptied first).")
    Path workDir = Path.of("var/bench");
    @Option(names = "--out", description = "The JSON report (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("var/bench-report.json");
    @Option(names = "--timeout-minutes", description = "Give up on a variant after this long (default: ${DEFAULT-VALUE}).")
    int timeoutMinutes = 30;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }

    @Override
    public Integer call() {
        List<Variant> chosen = variants.stream().map(Variant::parse).toList();
        if (rounds < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--rounds must be at least 1, was " + rounds);
        }
        String loadBefore = ProcessStats.loadAverage();
        EmbeddedDefault.clear(workDir);
        List<RunResult> runs = new ArrayList<>();
        Latency latency = onKafka(chosen, runs);
        List<Long> keyCounts = stateKeys.stream().filter(k -> k > 0).sorted().toList();
        List<StateStep> state = keyCounts.isEmpty() ? List.of() : new StateScale(workDir.resolve("state-scale")).run(keyCounts);
        BenchReport report = BenchReport.of(machine(loadBefore), settings(), runs, latency, state);
        report.writeTo(out);
        System.out.println(ReportTable.of(report));
        System.out.println("Report written to " + out.toAbsolutePath());
        return 0;
    }

    /** The throughput runs (added to {@code runs}) and the latency run, on one cluster; returns the latency, or null. */
    private Latency onKafka(List<Variant> chosen, List<RunResult> runs) {
        String runId = Long.toString(System.currentTimeMillis(), 36);
        long perSensor = records / sensors + 1;
        SensorData data = SensorData.endingBeforeNow(sensors, perSensor + 20_000);
        String input = "bench-sensors-" + runId;
        String transactions = "bench-transactions-" + runId;
        try (BenchCluster cluster = bootstrapServers == null ? BenchCluster.embedded(workDir.resolve("broker"))
                : BenchCluster.external(bootstrapServers);
             ModelSlot sensorModel = new ModelSlot("sensor");
             ModelSlot transactionModel = new ModelSlot("transaction")) {
            createTopics(cluster, chosen, runId, List.of(input, transactions));
            long t0 = System.nanoTime();
            cluster.preload(input, data, records);
            if (warmupRecords > 0) {
                createTopics(cluster, chosen, warmupId(runId), List.of(input + "-warmup"));
                cluster.preload(input + "-warmup", data, warmupRecords);
            }
            LOG.info("Preloaded {} records on {} partitions of {} in {} s", records, partitions, input,
                    String.format("%.1f", (System.nanoTime() - t0) / 1e9));
            ScoringModel model = BenchModels.sensorModel(workDir.resolve("models"));
            sensorModel.install(model);
            LOG.info("Sensor model {} ({} features)", model.version(), model.width());
            StreamsRun runner = new StreamsRun(cluster, workDir.resolve("state"), commitIntervalMs, streamThreads,
                    Duration.ofMinutes(timeoutMinutes));
            if (warmupRecords > 0) {
                // Same code paths, unmeasured: a variant measured on a cold JIT pays for compiling its code
                // (C2 took ~0.8 of the 2 cores during a 10 s detector run).
                for (Variant variant : chosen) {
                    BenchTopologies.Outputs outputs = BenchTopologies.Outputs.of(variant, warmupId(runId));
                    Topology topology = BenchTopologies.build(variant, input + "-warmup", transactions, outputs, sensorModel,
                            transactionModel);
                    runner.run(variant, 0, topology, applicationId(variant, warmupId(runId)), outputs.perRecord(variant),
                            warmupRecords);
                }
                LOG.info("Warm-up done: each variant ran on {} records", warmupRecords);
            }
            // Rounds interleave the variants, so that a slow spell of the machine or a late burst of compilation falls
            // on all of them rather than on whichever ran then; each round writes to its own topics.
            String roundId = runId;
            for (int round = 1; round <= rounds; round++) {
                roundId = roundId(runId, round);
                if (round > 1) {
                    createTopics(cluster, chosen, roundId, List.of());
                }
                for (Variant variant : chosen) {
                    BenchTopologies.Outputs outputs = BenchTopologies.Outputs.of(variant, roundId);
                    Topology topology = BenchTopologies.build(variant, input, transactions, outputs, sensorModel, transactionModel);
                    runs.add(runner.run(variant, round, topology, applicationId(variant, roundId), outputs.perRecord(variant), records));
                }
            }
            if (latencySeconds == 0 || !chosen.contains(Variant.DETECTOR)) {
                return null;
            }
            // The last round's detector again, under its application id: warm state, starting where its run stopped.
            double rate = BenchReport.median(runs, Variant.DETECTOR) / 2;
            BenchTopologies.Outputs outputs = BenchTopologies.Outputs.of(Variant.DETECTOR, roundId);
            Topology topology = BenchTopologies.build(Variant.DETECTOR, input, transactions, outputs, sensorModel, transactionModel);
            return new LatencyRun(cluster, runner).measure(topology,
                    runner.properties(applicationId(Variant.DETECTOR, roundId), Variant.DETECTOR.guarantee), input,
                    outputs.perRecord(Variant.DETECTOR), data, perSensor, rate, Duration.ofSeconds(latencySeconds),
                    Duration.ofSeconds(latencyWarmUpSeconds));
        }
    }

    private void createTopics(BenchCluster cluster, List<Variant> chosen, String runId, List<String> inputs) {
        List<String> topics = new ArrayList<>(inputs);
        chosen.forEach(v -> topics.addAll(BenchTopologies.Outputs.of(v, runId).all()));
        cluster.createTopics(topics, partitions);
    }

    private static String roundId(String runId, int round) {
        return round == 1 ? runId : runId + "-r" + round;
    }

    private static String warmupId(String runId) {
        return "warmup-" + runId;
    }

    private static String applicationId(Variant variant, String runId) {
        return "bench-" + variant.id + "-" + runId;
    }

    private BenchReport.Machine machine(String loadBefore) {
        return new BenchReport.Machine(Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name") + " " + System.getProperty("os.arch") + " " + System.getProperty("os.version"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                Runtime.getRuntime().maxMemory() / (1024 * 1024),
                bootstrapServers == null ? "in-process KRaft broker (same JVM)" : bootstrapServers, loadBefore,
                ProcessStats.loadAverage());
    }

    private BenchReport.Settings settings() {
        Map<String, String> notes = new LinkedHashMap<>();
        notes.put("cpu", "process CPU time / wall time over the run: broker, clients and stream thread together");
        notes.put("throughput", "records / seconds from RUNNING until every output was visible to a read_committed consumer; "
                + "<variant>_rps is the median over the rounds, the ratios are those of the medians");
        notes.put("jit", "time the JIT compilers spent compiling during the run / wall time (CompilationMXBean)");
        notes.put("state", "windows and thresholds stores (RocksDB) driven directly, without changelog or cache");
        notes.put("jvm_args", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        return new BenchReport.Settings(records, warmupRecords, rounds, partitions, sensors, commitIntervalMs, streamThreads, Variant.DETECTOR.maxRows,
                Variant.MAX_DELAY.toMillis(), notes);
    }
}
