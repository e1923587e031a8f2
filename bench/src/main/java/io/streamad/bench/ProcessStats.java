package io.streamad.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/** What this process costs: CPU time, resident memory, heap after a collection, and the machine's load. */
final class ProcessStats {

    private static final Pattern STREAM_THREAD = Pattern.compile(
            "\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}-StreamThread-\\d+");

    private ProcessStats() {
    }

    /** CPU time of the whole process (all threads: broker, clients, stream threads), in nanoseconds. */
    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * CPU time of the live processing threads of the Kafka Streams application {@code applicationId}
     * ({@link #isStreamThreadOf}), in nanoseconds.
     */
    static long streamThreadCpuNanos(String applicationId) {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (isStreamThreadOf(applicationId, t.getName())) {
                total += Math.max(0, threads.getThreadCpuTime(t.getId()));
            }
        }
        return total;
    }

    /**
     * Whether {@code threadName} is one of the processing threads of {@code applicationId}, which Kafka Streams names
     * {@code <applicationId>-<process UUID>-StreamThread-<n>}: not their clients' network threads, nor the threads of
     * another application whose id starts with this one (a later round's).
     */
    static boolean isStreamThreadOf(String applicationId, String threadName) {
        return threadName.startsWith(applicationId + "-")
                && STREAM_THREAD.matcher(threadName.substring(applicationId.length() + 1)).matches();
    }

    /**
     * Milliseconds the JIT compilers have spent compiling in this process (summed over the compiler threads); -1 where
     * the JVM does not say.
     */
    static long compilationMillis() {
        java.lang.management.CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
    }

    /** Resident set size from {@code /proc/self/status}, in MiB; -1 where there is no such file. */
    static double rssMib() {
        return statusKib("VmRSS:") / 1024.0;
    }

    /** The highest resident set size so far, in MiB. */
    static double peakRssMib() {
        return statusKib("VmHWM:") / 1024.0;
    }

    /** Heap in use after a full collection, in MiB. */
    static double heapAfterGcMib() {
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
    }

    /** The load averages as {@code uptime} prints them (other builds share this machine). */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            return String.format("%.2f", load);
        }
    }

    private static long statusKib(String field) {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/self/status"));
            for (String line : lines) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException e) {
            return -1024;
        }
        return -1024;
    }
}
