package io.streamad.detector.evaluation;

import io.streamad.detector.embedded.CardSimulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The small card simulation the card evaluations' tests run: its {@code evaluate cards} arguments, and its
 * transactions generated here, independently of the command, to check what the command reports.
 */
final class SmallCardSimulation {

    static final int CARDS = 300;
    static final int CLEAN_DAYS = 5;
    static final int DAYS = 3;
    static final double FRAUD_PER_DAY = 8;
    static final long SEED = 7;

    private SmallCardSimulation() {
    }

    static Instant fraudFrom() {
        return CardsCommand.START.plus(Duration.ofDays(CLEAN_DAYS));
    }

    /** {@code evaluate cards} with this simulation, then {@code more} arguments. */
    static String[] cardsArgs(String... more) {
        List<String> args = new ArrayList<>(List.of("cards", "--cards", String.valueOf(CARDS), "--clean-days",
                String.valueOf(CLEAN_DAYS), "--days", String.valueOf(DAYS), "--fraud-per-day", String.valueOf(FRAUD_PER_DAY),
                "--seed", String.valueOf(SEED)));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** Every transaction of the simulation, history and judged days. */
    static List<CardSimulator.Labelled> transactions() {
        Instant end = fraudFrom().plus(Duration.ofDays(DAYS));
        CardSimulator simulator = new CardSimulator(CARDS, CardsCommand.START, FRAUD_PER_DAY, fraudFrom(), SEED);
        List<CardSimulator.Labelled> out = new ArrayList<>();
        for (CardSimulator.Labelled next = simulator.next(); next.transaction().getEventTime().isBefore(end); next = simulator.next()) {
            out.add(next);
        }
        return out;
    }

    /** Incidents the simulation starts in the judged days. */
    static int judgedIncidents() {
        Set<String> incidents = new HashSet<>();
        transactions().stream().filter(CardSimulator.Labelled::fraud).forEach(l -> incidents.add(l.incident()));
        return incidents.size();
    }
}
