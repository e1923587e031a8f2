package io.streamad.trainer;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.streamad.trainer.cli.TrainerCli;
import io.streamad.trainer.config.Startup;
import io.streamad.trainer.config.StartupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * The trainer service on its own: {@code java -jar streamad-trainer.jar --kafka.bootstrap.servers=...}.
 * With a command ({@code train-sensors ...}) as first argument it runs the command line instead.
 */
public final class TrainerApplication {

    static {
        // The trainer's jar is also a library of the detector's, so its logging configuration is not called
        // logback.xml (two on the detector's classpath made logback print its whole status at start-up).
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-trainer.xml");
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(TrainerApplication.class);

    private TrainerApplication() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && !args[0].startsWith("-")) {
            TrainerCli.main(args);
            return;
        }
        ApplicationContext context;
        try {
            context = start(ApplicationContext.builder(TrainerApplication.class).environments("trainer").args(args)
                    .properties(Map.of("streamad.trainer.enabled", true)));
        } catch (StartupException e) {
            LOG.error("Start-up failed: {}", e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(context::close, "streamad-trainer-shutdown"));
    }

    /**
     * Starts the trainer built by {@code builder}, or closes what started and throws a {@link StartupException}
     * whose message is the one line worth logging: the configuration key to fix, or the innermost cause.
     */
    public static ApplicationContext start(ApplicationContextBuilder builder) {
        ApplicationContext context = Startup.start(builder);
        String url = Startup.url(context);
        LOG.info("streamad trainer up: status {}trainer, health {}health", url, url);
        return context;
    }
}
