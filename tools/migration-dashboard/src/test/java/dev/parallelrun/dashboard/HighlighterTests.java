package dev.parallelrun.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parallelrun.dashboard.Highlighter.Segment;
import org.junit.jupiter.api.Test;

class HighlighterTests {

    @Test
    void marksTheWordsThatDifferOnEachSide() {
        Highlighter.Highlighted highlighted = Highlighter.between("Juablaz: Payroll 7 shipped to Juablaz of 320",
                "Juablaz: Payroll 7 shipped to Juablaz for 320");

        assertThat(highlighted.monolith()).containsExactly(new Segment("Juablaz: Payroll 7 shipped to Juablaz ", false),
                new Segment("of", true), new Segment(" 320", false));
        assertThat(highlighted.candidate()).containsExactly(
                new Segment("Juablaz: Payroll 7 shipped to Juablaz ", false), new Segment("for", true),
                new Segment(" 320", false));
    }

    @Test
    void aNumberWrittenDifferentlyIsOneChangedWordWithItsPunctuation() {
        Highlighter.Highlighted highlighted = Highlighter.between("of 320", "of 320.00");

        assertThat(highlighted.monolith()).containsExactly(new Segment("of 320", false));
        assertThat(highlighted.candidate()).containsExactly(new Segment("of 320", false), new Segment(".00", true));
    }

    @Test
    void aMissingSideHasNoSegmentsAndThePresentOneIsNotMarked() {
        Highlighter.Highlighted highlighted = Highlighter.between("Juablaz: Payroll 7 shipped", null);

        assertThat(highlighted.monolith()).containsExactly(new Segment("Juablaz: Payroll 7 shipped", false));
        assertThat(highlighted.candidate()).isEmpty();
    }

    @Test
    void equalValuesAndEmptyValuesHaveNothingMarked() {
        assertThat(Highlighter.between("same", "same").candidate()).containsExactly(new Segment("same", false));
        assertThat(Highlighter.between("", "").monolith()).isEmpty();
        assertThat(Highlighter.between("", "new").candidate()).containsExactly(new Segment("new", true));
    }
}
