package io.streamad.bench;

/**
 * One variant's run over the preloaded records.
 *
 * @param variant        the variant's id
 * @param round          which measured round (1, 2, ...): every variant runs once per round
 * @param guarantee      processing guarantee
 * @param records        input records processed
 * @param outputs        records counted on the variant's per-record output topics (read_committed)
 * @param startupSeconds from {@code KafkaStreams.start()} until the instance was RUNNING
 * @param seconds        from RUNNING until all outputs were committed
 * @param rps            records / seconds
 * @param cpuCores       process CPU time over the run / wall time (broker and counting consumer included)
 * @param streamThreadCores CPU time of the Kafka Streams processing thread(s) / wall time: near 1 per thread
 *                       means the processing thread itself is the bottleneck
 * @param jitCores       time the JIT compilers spent compiling over the run / wall time: what the run shared its cores
 *                       with beyond the broker and its own clients (well above 0 means the JVM was not yet warm);
 *                       null where the JVM does not measure compilation time
 * @param rssMib         resident set size at the end of the run
 */
record RunResult(String variant, int round, String guarantee, long records, long outputs, double startupSeconds, double seconds,
                 double rps, double cpuCores, double streamThreadCores, Double jitCores, double rssMib) {
}
