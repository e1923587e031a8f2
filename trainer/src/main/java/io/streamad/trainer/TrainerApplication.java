package io.streamad.trainer;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.streamad.trainer.cli.TrainerCli;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * The trainer service on its own: {@code java -jar streamad-trainer.jar --kafka.bootstrap.servers=...}.
 * With a command ({@code train-sensors ...}) as first argument it runs the command line instead.
 */
public final class TrainerApplication {

    private static final Logger LOG = LoggerFactory.getLogger(TrainerApplication.class);

    private TrainerApplication() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && !args[0].startsWith("-")) {
            TrainerCli.main(args);
            return;
        }
        ApplicationContext context = null;
        try {
            context = ApplicationContext.builder(TrainerApplication.class).environments("trainer").args(args)
                    .properties(Map.of("streamad.trainer.enabled", true)).start();
            EmbeddedServer server = context.getBean(EmbeddedServer.class);
            if (!server.isRunning()) {
                server.start();
            }
            LOG.info("streamad trainer up: status {}trainer, health {}health", server.getURL() + "/", server.getURL() + "/");
        } catch (RuntimeException e) {
            LOG.error("Start-up failed: {}", e.getMessage());
            if (context != null && context.isRunning()) {
                context.close();
            }
            System.exit(1);
        }
        ApplicationContext started = context;
        Runtime.getRuntime().addShutdownHook(new Thread(started::close, "streamad-trainer-shutdown"));
    }
}
