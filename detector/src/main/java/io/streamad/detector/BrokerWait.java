package io.streamad.detector;

import io.streamad.trainer.config.StartupException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ExecutionException;

/**
 * Waits at start-up until Kafka answers: one log line per failed attempt, a backoff that doubles up to
 * 30 s, and after {@code limit} one clear failure naming {@code kafka.bootstrap.servers}, never a stack trace.
 */
final class BrokerWait {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerWait.class);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(2);

    private final Admin admin;
    private final String bootstrapServers;
    private final Duration limit;

    BrokerWait(Admin admin, String bootstrapServers, Duration limit) {
        this.admin = admin;
        this.bootstrapServers = bootstrapServers;
        this.limit = limit;
    }

    /** Returns once the cluster has answered; throws a {@link StartupException} when {@code limit} has passed first. */
    void await() {
        long deadline = System.nanoTime() + limit.toNanos();
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1; ; attempt++) {
            String reason;
            try {
                int nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) ATTEMPT_TIMEOUT.toMillis()))
                        .nodes().get().size();
                if (attempt > 1) {
                    LOG.info("Kafka at {} reachable after {} attempts ({} brokers)", bootstrapServers, attempt, nodes);
                }
                return;
            } catch (ExecutionException e) {
                reason = e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartupException("interrupted while waiting for Kafka at " + bootstrapServers, e);
            }
            if (System.nanoTime() + backoff.toNanos() > deadline) {
                throw new StartupException("Kafka at " + bootstrapServers + " (kafka.bootstrap.servers) not reachable within "
                        + limit.toString().substring(2).toLowerCase() + " (" + attempt + " attempts, last: " + reason
                        + "); check kafka.bootstrap.servers, or wait longer with streamad.startup.broker-wait");
            }
            LOG.warn("Kafka at {} not reachable yet (attempt {}, {}); retrying in {}", bootstrapServers, attempt, reason,
                    backoff.toString().substring(2).toLowerCase());
            sleep(backoff);
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    private void sleep(Duration backoff) {
        try {
            Thread.sleep(backoff.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while waiting for Kafka at " + bootstrapServers, e);
        }
    }
}
