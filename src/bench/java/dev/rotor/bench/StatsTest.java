package dev.rotor.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The harness's statistics, against values worked out by hand from the binomial distribution. */
class StatsTest {
    @Test
    void theMedianIntervalOfTwentyOneValuesRunsFromTheSixthToTheSixteenth() {
        List<Double> sample = new ArrayList<>(IntStream.rangeClosed(1, 21).mapToObj(i -> (double) i).toList());
        Collections.shuffle(sample, new java.util.Random(3));

        Stats.MedianInterval interval = Stats.medianInterval(sample);

        // P(B <= 5) for B ~ binomial(21, 1/2) is 27896 / 2^21; from the seventh it would fall under 95 %
        assertThat(interval.low()).isEqualTo(6.0);
        assertThat(interval.high()).isEqualTo(16.0);
        assertThat(interval.coverage()).isCloseTo(1 - 2 * 27896.0 / 2097152, within(1e-12));
    }

    @Test
    void sevenValuesGiveTheirWholeRange() {
        Stats.MedianInterval interval = Stats.medianInterval(List.of(1.04, 0.97, 1.10, 1.01, 0.99, 1.07, 1.03));

        assertThat(interval.low()).isEqualTo(0.97);
        assertThat(interval.high()).isEqualTo(1.10);
        assertThat(interval.coverage()).isCloseTo(1 - 2.0 / 128, within(1e-12));
    }

    @Test
    void aSampleTooSmallForNinetyFivePercentSaysHowMuchItCovers() {
        Stats.MedianInterval interval = Stats.medianInterval(List.of(2.0, 1.0, 3.0));

        assertThat(interval.low()).isEqualTo(1.0);
        assertThat(interval.high()).isEqualTo(3.0);
        assertThat(interval.coverage()).isCloseTo(0.75, within(1e-12));
    }

    @Test
    void aMedianIsSettledOnlyByAnIntervalOfNinetyFivePercentOnOneSide() {
        List<Double> under = IntStream.rangeClosed(1, 21).mapToObj(i -> 0.90 + i / 1000.0).toList();
        List<Double> across = IntStream.rangeClosed(1, 21).mapToObj(i -> 0.99 + i / 1000.0).toList();

        assertThat(Stats.medianInterval(under).below(1)).isTrue();
        assertThat(Stats.medianInterval(under).above(0.9)).isTrue();
        assertThat(Stats.medianInterval(across).below(1)).isFalse(); // the sixth is 0.996, the sixteenth 1.006
        assertThat(Stats.medianInterval(across).above(1)).isFalse();
        assertThat(Stats.medianInterval(List.of(0.5)).conclusive()).isFalse();
        assertThat(Stats.medianInterval(List.of(0.5)).below(1)).isFalse(); // one pair settles nothing
        assertThat(Stats.medianInterval(List.of(0.5, 0.6, 0.7, 0.8, 0.9)).below(1)).isFalse(); // 93.75 %
    }

    @Test
    void anEmptySampleHasNoInterval() {
        assertThat(Stats.medianInterval(List.of()).coverage()).isNaN();
    }

    @Test
    void theSignTestIsTwoSided() {
        assertThat(Stats.signTest(7, 7)).isCloseTo(2.0 / 128, within(1e-12));
        assertThat(Stats.signTest(0, 7)).isCloseTo(2.0 / 128, within(1e-12));
        assertThat(Stats.signTest(5, 7)).isCloseTo(2 * 29.0 / 128, within(1e-12)); // 1 + 7 + 21 ways
        assertThat(Stats.signTest(3, 6)).isEqualTo(1.0);
        assertThat(Stats.signTest(0, 0)).isEqualTo(1.0);
    }
}
