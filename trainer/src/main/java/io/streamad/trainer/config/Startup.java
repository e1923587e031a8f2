package io.streamad.trainer.config;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.BeanRegistration;
import io.micronaut.runtime.server.EmbeddedServer;
import org.apache.kafka.clients.admin.Admin;

import java.time.Duration;

/** How the detector and the trainer start: the context, then its HTTP server, or one line that says why not. */
public final class Startup {

    private static final Duration ADMIN_CLOSE = Duration.ofSeconds(5);

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
            try {
                if (context.isRunning()) {
                    context.close();
                } else {
                    closeAdminClients(context);
                }
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw new StartupException(why, e);
        }
    }

    /**
     * A context whose start() failed is not running, and closing it disposes nothing; the Kafka admin client made
     * to wait for the broker would keep calling it from its own thread for as long as the JVM lives (a service
     * exits, but an embedding application or a test does not).
     */
    private static void closeAdminClients(ApplicationContext context) {
        for (BeanRegistration<Admin> admin : context.getActiveBeanRegistrations(Admin.class)) {
            admin.getBean().close(ADMIN_CLOSE);
        }
    }

    /** The started server's address with a trailing slash, for the "up" log line. */
    public static String url(ApplicationContext context) {
        return context.getBean(EmbeddedServer.class).getURL() + "/";
    }
}
