package io.streamad.detector.dashboard;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.sse.Event;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code /api/live}: a JSON snapshot for a first paint, and a stream of server-sent events: {@code snapshot}
 * once, then {@code points} (the chosen key's new scores), {@code anomalies} and {@code stats}.
 * Without {@code key} the chosen key is the first tracked one, preferring keys with anomalies.
 */
@Controller("/api/live")
@Requires(beans = LiveFeed.class)
final class LiveController {

    private final LiveFeed feed;

    LiveController(LiveFeed feed) {
        this.feed = feed;
    }

    @Get("/snapshot")
    Live.Snapshot snapshot(@Nullable @QueryValue String key) {
        feed.start();
        return snapshotOf(key);
    }

    @Get(value = "/stream", produces = MediaType.TEXT_EVENT_STREAM)
    Publisher<Event<Object>> stream(@Nullable @QueryValue String key) {
        feed.start();
        Live.Snapshot first = snapshotOf(key);
        String chosen = first.key();
        Flux<Event<Object>> updates = feed.updates().concatMap(update -> Flux.fromIterable(events(update, chosen)));
        return Flux.concat(Flux.just(Event.<Object>of(first).name("snapshot")), updates);
    }

    private Live.Snapshot snapshotOf(@Nullable String key) {
        Live.Stats stats = feed.stats();
        String chosen = key != null && !key.isBlank() ? key
                : feed.state().keys(1).stream().map(Live.KeySummary::key).findFirst().orElse(null);
        return new Live.Snapshot(chosen, chosen == null ? List.of() : feed.state().points(chosen),
                feed.state().anomalies(), stats);
    }

    private static List<Event<Object>> events(LiveFeed.Update update, @Nullable String key) {
        if (update instanceof LiveFeed.Tick tick) {
            return List.of(Event.<Object>of(tick.stats()).name("stats"));
        }
        LiveFeed.Batch batch = (LiveFeed.Batch) update;
        List<Live.Point> mine = batch.points().stream().filter(p -> p.key().equals(key)).toList();
        List<Event<Object>> out = new ArrayList<>(2);
        if (!mine.isEmpty()) {
            out.add(Event.<Object>of(mine).name("points"));
        }
        if (!batch.anomalies().isEmpty()) {
            out.add(Event.<Object>of(batch.anomalies()).name("anomalies"));
        }
        return out;
    }
}
