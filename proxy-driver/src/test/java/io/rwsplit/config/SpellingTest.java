package io.rwsplit.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpellingTest {

    @ParameterizedTest
    @CsvSource({"kitten, sitting, 3", "'', abc, 3", "abc, '', 3", "same, same, 0", "flaw, lawn, 2",
        "round-robbin, round-robin, 1"})
    void countsEdits(String a, String b, int distance) {
        assertThat(Spelling.distance(a, b)).isEqualTo(distance);
        assertThat(Spelling.distance(b, a)).isEqualTo(distance);
    }

    @Test
    void suggestsTheClosestCandidateIgnoringCase() {
        List<String> keys = List.of("round-robin", "random", "weighted");

        assertThat(Spelling.closest("ROUND-ROBIN", keys)).isEqualTo("round-robin");
        assertThat(Spelling.closest("randon", keys)).isEqualTo("random");
        assertThat(Spelling.didYouMean("wieghted", keys)).isEqualTo(" (did you mean \"weighted\"?)");
    }

    @Test
    void suggestsNothingWhenNothingIsClose() {
        assertThat(Spelling.closest("xyz", List.of("round-robin", "random"))).isNull();
        assertThat(Spelling.didYouMean("xyz", List.of())).isEmpty();
    }

    @Test
    void prefersTheFirstOfEquallyCloseCandidates() {
        assertThat(Spelling.closest("ab", List.of("abc", "abd"))).isEqualTo("abc");
    }
}
