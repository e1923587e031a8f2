package io.streamad.trainer.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;

import java.io.IOException;
import java.io.UncheckedIOException;

/** {@code /trainer}: what each family's sample holds and what happened to its last candidate. */
@Controller("/trainer")
@Requires(property = "streamad.trainer.enabled", value = "true")
@Produces(MediaType.APPLICATION_JSON)
public final class TrainerController {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final TrainerService trainer;

    public TrainerController(TrainerService trainer) {
        this.trainer = trainer;
    }

    @Get
    public HttpResponse<String> status() {
        try {
            return HttpResponse.ok(JSON.writeValueAsString(trainer.status()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
