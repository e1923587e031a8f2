package io.streamad.trainer.config;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.runtime.server.EmbeddedServer;

/** How the detector and the trainer start: the context, then its HTTP server, or one line that says why not. */
public final class Startup {

    private Startup() {
    }

    /**
     * Starts the service built by {@code builder} and its HTTP server, or closes what started and throws a
     * {@link StartupException} whose message is the one line worth logging: the configuration key to fix, or the
     * innermost cause.
     */
    public static ApplicationContext start(ApplicationContextBuilder builder) {
        ApplicationContext context = builder.build();
        try {
            context.start();
            EmbeddedServer server = context.getBean(EmbeddedServer.class);
            if (!server.isRunning()) {
                server.start();
            }
            return context;
        } catch (RuntimeException e) {
            String why = ConfigurationCheck.explain(e, context.getEnvironment());
            if (context.isRunning()) {
                context.close();
            }
            throw new StartupException(why, e);
        }
    }

    /** The started server's address with a trailing slash, for the "up" log line. */
    public static String url(ApplicationContext context) {
        return context.getBean(EmbeddedServer.class).getURL() + "/";
    }
}
