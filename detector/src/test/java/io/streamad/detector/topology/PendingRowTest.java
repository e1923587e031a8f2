package io.streamad.detector.topology;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PendingRowTest {

    private final PendingRow row = new PendingRow(42, "pump-1", "sensor-readings", 3, 1234, 1_700_000_000_000L,
            1_700_000_000_500L, true, "sensor:abc", new float[] {1.5f, -2f}, new float[] {20f, 19.5f, 0.3f, 17f}, 0.25f, 140);

    @Test
    void shouldReadBackEveryField() {
        PendingRow back = PendingRow.fromBytes(row.toBytes());

        assertThat(back).usingRecursiveComparison().isEqualTo(row);
    }

    @Test
    void shouldReadARowQueuedBeforeTheRangeWasKeptAsWithinIt() {
        byte[] bytes = row.toBytes();
        // format 2: the same fields without the trailing range (and run)
        byte[] old = Arrays.copyOf(bytes, bytes.length - 8);
        old[0] = 2;

        PendingRow back = PendingRow.fromBytes(old);

        assertThat(back.beyondRange()).isZero();
        assertThat(back.stuckRun()).isZero();
        assertThat(back.features()).containsExactly(row.features());
        assertThat(back.summary()).containsExactly(row.summary());
    }

    @Test
    void shouldReadARowQueuedBeforeRunsWereKeptAsInNoRecordRun() {
        byte[] bytes = row.toBytes();
        // format 3: the same fields without the trailing run
        byte[] old = Arrays.copyOf(bytes, bytes.length - 4);
        old[0] = 3;

        PendingRow back = PendingRow.fromBytes(old);

        assertThat(back.beyondRange()).isEqualTo(row.beyondRange());
        assertThat(back.stuckRun()).isZero();
        assertThat(back.features()).containsExactly(row.features());
    }

    @Test
    void shouldRefuseAnUnknownFormat() {
        byte[] bytes = row.toBytes();
        ByteBuffer.wrap(bytes).put((byte) 9);

        assertThatThrownBy(() -> PendingRow.fromBytes(bytes)).hasMessageContaining("unknown pending row format 9");
    }
}
