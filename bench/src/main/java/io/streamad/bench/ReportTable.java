package io.streamad.bench;

/** The report as the console table that docs/performance.md quotes. */
final class ReportTable {

    private ReportTable() {
    }

    static String of(BenchReport report) {
        StringBuilder s = new StringBuilder();
        BenchReport.Machine m = report.machine();
        BenchReport.Settings st = report.settings();
        s.append(String.format("%n%d records (after %d unmeasured), %d round(s), %d partitions, %d sensors, %d stream thread(s), commit %d ms; %d cores, %s; load %s -> %s%n",
                st.records(), st.warmupRecords(), st.rounds(), st.partitions(), st.sensors(), st.streamThreads(), st.commitIntervalMs(), m.cores(), m.jvm(),
                m.loadBefore(), m.loadAfter()));
        s.append(String.format("| variant | round | guarantee | records/s | seconds | start-up s | CPU cores | stream thread(s) | JIT cores | RSS MiB |%n"));
        s.append("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (RunResult r : report.runs()) {
            s.append(String.format("| %s | %d | %s | %,.0f | %.2f | %.2f | %.2f | %.2f | %s | %.0f |%n", r.variant(), r.round(),
                    r.guarantee(), r.rps(), r.seconds(), r.startupSeconds(), r.cpuCores(), r.streamThreadCores(),
                    fmt(r.jitCores()), r.rssMib()));
        }
        s.append(String.format("%nmedian records/s: passthrough %s, detector %s, per_record %s, at_least_once %s%n",
                rps(report.passthroughRps()), rps(report.detectorRps()), rps(report.perRecordRps()), rps(report.atLeastOnceRps())));
        BenchReport.Ratios ratios = report.ratios();
        s.append(String.format("detector / passthrough: %s   detector / per_record: %s   at_least_once / detector: %s%n",
                fmt(ratios.detectorOverPassthrough()), fmt(ratios.detectorOverPerRecord()), fmt(ratios.atLeastOnceOverDetector())));
        Latency l = report.latencyMs();
        if (l != null) {
            s.append(String.format("latency at %,.0f records/s offered (%,.0f sent/s): p50 %.0f ms, p99 %.0f ms, p99.9 %.0f ms, max %.0f ms"
                    + " (%d samples, %.2f cores)%n", l.offeredRps(), l.achievedRps(), l.p50(), l.p99(), l.p999(), l.max(),
                    l.samples(), l.cpuCores()));
        }
        if (!report.state().isEmpty()) {
            s.append(String.format("%n| family | keys | window / history B/key | thresholds B/key | store B/key | disk B/key | updates/s | heap after GC MiB | RSS MiB |%n"));
            s.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (StateStep step : report.state()) {
                s.append(String.format("| %s | %,d | %.0f | %.0f | %.0f | %.0f | %,.0f | %.0f | %.0f |%n", step.family(), step.keys(),
                        step.windowBytesPerKey(), step.thresholdBytesPerKey(), step.storeBytesPerKey(), step.diskBytesPerKey(),
                        step.updatesPerSecond(), step.heapAfterGcMib(), step.rssMib()));
            }
        }
        return s.toString();
    }

    private static String rps(Double rps) {
        return rps == null ? "n/a" : String.format("%,.0f", rps);
    }

    private static String fmt(Double ratio) {
        return ratio == null ? "n/a" : String.format("%.2f", ratio);
    }
}
