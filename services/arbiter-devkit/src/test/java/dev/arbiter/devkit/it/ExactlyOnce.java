package dev.arbiter.devkit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.devkit.runtime.OutputWatcher;
import dev.arbiter.schema.CandidateGeneration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The guarantee the integration tests all end on, checked on what a read_committed reader saw. */
final class ExactlyOnce {

    private ExactlyOnce() {}

    /** Every candidate has exactly one reward and one critique, and no other id has any. */
    static void assertOneRewardAndCritiquePerCandidate(OutputWatcher out, List<CandidateGeneration> candidates) {
        Set<String> ids = candidates.stream().map(CandidateGeneration::getCandidateId).collect(Collectors.toSet());
        assertThat(out.rewardsPerCandidate()).containsOnlyKeys(ids).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
        assertThat(out.critiquesPerCandidate()).containsOnlyKeys(ids).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
    }
}
