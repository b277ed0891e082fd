package dev.arbiter.streams.grading;

import dev.arbiter.schema.CandidateGeneration;
import dev.arbiter.schema.Critique;
import dev.arbiter.schema.Reward;
import dev.arbiter.streams.engine.Output;
import dev.arbiter.streams.health.JudgeFact;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the records of a graded candidate go, whichever kind of judge graded it: the reward (keyed
 * by prompt id, so a prompt's rewards share a partition), the critique when the judge wrote one
 * (keyed by candidate id), and the reward told as a {@link JudgeFact} to every stage that follows
 * grading (judge health, best-of-N grouping).
 */
public record GradedOutputs(String rewardsChild, String critiquesChild, List<String> factChildren) {

    public GradedOutputs {
        Objects.requireNonNull(rewardsChild);
        Objects.requireNonNull(critiquesChild);
        factChildren = List.copyOf(factChildren);
    }

    public List<Output> of(CandidateGeneration candidate, Reward reward, Optional<Critique> critique) {
        List<Output> outputs = new ArrayList<>(2 + factChildren.size());
        outputs.add(new Output(rewardsChild, reward.getPromptId(), reward));
        critique.ifPresent(c -> outputs.add(new Output(critiquesChild, c.getCandidateId(), c)));
        JudgeFact fact = new JudgeFact.Graded(reward, candidate);
        for (String child : factChildren) outputs.add(new Output(child, reward.getPromptId(), fact));
        return outputs;
    }
}
