package dev.arbiter.streams.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.schema.ChatTurn;
import dev.arbiter.schema.DeadLetterReason;
import dev.arbiter.schema.JudgeProtocol;
import dev.arbiter.streams.support.Candidates;
import java.util.List;
import org.junit.jupiter.api.Test;

class CandidateValidatorTest {

    private final CandidateValidator validator = new CandidateValidator(64);

    private DeadLetterReason reasonFor(dev.arbiter.schema.CandidateGeneration c) {
        return validator.check(c).map(Rejection::reason).orElse(null);
    }

    @Test
    void validCandidateIsAccepted() {
        assertThat(validator.check(Candidates.valid("c1", "p1").build())).isEmpty();
    }

    @Test
    void blankResponseIsEmptyResponse() {
        assertThat(reasonFor(Candidates.valid("c1", "p1").setResponse("  \n").build()))
                .isEqualTo(DeadLetterReason.EMPTY_RESPONSE);
    }

    @Test
    void blankIdsAreMissingRequiredFields() {
        assertThat(reasonFor(Candidates.valid("", "p1").build())).isEqualTo(DeadLetterReason.MISSING_REQUIRED_FIELD);
        assertThat(reasonFor(Candidates.valid("c1", " ").build())).isEqualTo(DeadLetterReason.MISSING_REQUIRED_FIELD);
        assertThat(reasonFor(Candidates.valid("c1", "p1").setPrompt(List.of()).build()))
                .isEqualTo(DeadLetterReason.MISSING_REQUIRED_FIELD);
    }

    @Test
    void inconsistentGroupAndUnknownRolesAreInvalid() {
        assertThat(reasonFor(Candidates.valid("c1", "p1").setGroupIndex(4).build()))
                .isEqualTo(DeadLetterReason.INVALID_FIELD);
        assertThat(reasonFor(Candidates.valid("c1", "p1").setGroupSize(0).build()))
                .isEqualTo(DeadLetterReason.INVALID_FIELD);
        assertThat(reasonFor(Candidates.valid("c1", "p1").setPrompt(List.of(new ChatTurn("tool", "x"))).build()))
                .isEqualTo(DeadLetterReason.INVALID_FIELD);
        assertThat(reasonFor(Candidates.valid("c1", "p1")
                .setPrompt(List.of(new ChatTurn("system", "be nice"))).build()))
                .as("no user turn").isEqualTo(DeadLetterReason.INVALID_FIELD);
        assertThat(reasonFor(Candidates.valid("c".repeat(65), "p1").build()))
                .isEqualTo(DeadLetterReason.INVALID_FIELD);
    }

    @Test
    void referenceGuidedWithoutReferenceIsInvalid() {
        assertThat(reasonFor(Candidates.valid("c1", "p1").setProtocol(JudgeProtocol.REFERENCE_GUIDED).build()))
                .isEqualTo(DeadLetterReason.INVALID_FIELD);
        assertThat(validator.check(Candidates.valid("c1", "p1").setProtocol(JudgeProtocol.REFERENCE_GUIDED)
                .setReferenceAnswer("Rayleigh scattering.").build())).isEmpty();
    }
}
