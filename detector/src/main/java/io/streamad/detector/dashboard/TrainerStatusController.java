package io.streamad.detector.dashboard;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.streamad.trainer.service.TrainerController;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;

/**
 * {@code /api/live/trainer}: the trainer's status (its candidates, accepted and refused) for the dashboard,
 * from the trainer in this process or, with {@code streamad.dashboard.trainer-url}, from the trainer service,
 * relayed so the page needs no cross-origin request.
 */
@Controller("/api/live/trainer")
@Requires(beans = LiveFeed.class)
@Produces(MediaType.APPLICATION_JSON)
final class TrainerStatusController {

    private static final Logger LOG = LoggerFactory.getLogger(TrainerStatusController.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final BeanProvider<TrainerController> local;
    private final URI remote;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    TrainerStatusController(BeanProvider<TrainerController> local, DashboardConfig config) {
        this.local = local;
        this.remote = config.getTrainerUrl().map(u -> u.resolve("/trainer")).orElse(null);
    }

    @Get
    HttpResponse<String> status() throws InterruptedException {
        if (remote == null) {
            return local.isPresent() ? local.get().status()
                    : HttpResponse.<String>status(HttpStatus.NOT_FOUND).body("{\"error\":\"no trainer in this process; "
                    + "set streamad.dashboard.trainer-url to the trainer service\"}");
        }
        try {
            var answer = http.send(HttpRequest.newBuilder(remote).timeout(TIMEOUT).header("Accept", "application/json").build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return HttpResponse.<String>status(HttpStatus.valueOf(answer.statusCode())).body(answer.body());
        } catch (IOException e) {
            LOG.debug("Trainer at {} did not answer", remote, e);
            return HttpResponse.<String>status(HttpStatus.BAD_GATEWAY)
                    .body("{\"error\":\"trainer at " + remote + " did not answer: " + e.getClass().getSimpleName() + "\"}");
        }
    }
}
