package dev.arbiter.streams.grading;

import dev.arbiter.judge.profile.JudgeProfile;
import dev.arbiter.judge.scalar.ScalarModel;
import dev.arbiter.schema.CandidateGeneration;
import dev.arbiter.schema.ChatTurn;
import dev.arbiter.schema.DeadLetterReason;
import dev.arbiter.schema.JudgeProtocol;
import dev.arbiter.schema.JudgeRef;
import dev.arbiter.streams.intake.Rejection;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The judging plan of a deployment whose profile names a scalar reward model. A candidate is
 * scored against its reference answer when it has one, and otherwise against the question (the
 * content of the prompt's last user turn, or of its last turn when no turn is the user's), a
 * weaker signal its reward flags as {@code SCORED_AGAINST_QUESTION}. SINGLE and DEFAULT grade
 * this way; REFERENCE_GUIDED demands the reference; ADDITIVE, a rubric for a generative judge to
 * follow, is turned away as unsupported. Pure and thread-safe.
 */
public final class ScalarJudgingPlan {

    /** The reward's template field for a scalar model: the scoring rule, not a prompt template. */
    public static final String SCORING = "reference-similarity";
    public static final String SCORING_VERSION = "1";

    private final JudgeProfile profile;
    private final ScalarModel model;
    private final JudgeProtocol deploymentDefault;
    private final Duration deadline;

    public ScalarJudgingPlan(JudgeProfile profile, JudgeProtocol deploymentDefault, Duration deadline) {
        this.profile = Objects.requireNonNull(profile);
        this.model = profile.scalar().orElseThrow(() -> new IllegalArgumentException(
                "judge profile " + profile.name() + " names no scalar model"));
        this.deploymentDefault = Objects.requireNonNull(deploymentDefault);
        this.deadline = Objects.requireNonNull(deadline);
        if (resolve(JudgeProtocol.DEFAULT) == JudgeProtocol.ADDITIVE) {
            throw new IllegalArgumentException("a scalar model cannot grade ADDITIVE, the deployment's default protocol");
        }
    }

    public ScalarModel model() {
        return model;
    }

    public Optional<Rejection> check(CandidateGeneration c) {
        JudgeProtocol protocol = resolve(c.getProtocol());
        if (protocol == JudgeProtocol.ADDITIVE) {
            return Optional.of(new Rejection(DeadLetterReason.UNSUPPORTED_PROTOCOL,
                    "judge profile " + profile.name() + " is a scalar reward model and does not offer protocol ADDITIVE"));
        }
        if (protocol == JudgeProtocol.REFERENCE_GUIDED && !hasReference(c)) {
            return Optional.of(new Rejection(DeadLetterReason.MISSING_REQUIRED_FIELD,
                    "reference_answer is required for protocol REFERENCE_GUIDED"));
        }
        return Optional.empty();
    }

    public PreparedScore prepare(CandidateGeneration c) {
        boolean reference = hasReference(c);
        return new PreparedScore(resolve(c.getProtocol()), c.getResponse(),
                reference ? c.getReferenceAnswer() : question(c.getPrompt()), !reference, judge(), deadline);
    }

    /** The judge fields of this plan's rewards. */
    public JudgeRef judge() {
        return JudgeRef.newBuilder().setProfile(profile.name()).setModel(profile.model()).setTemplate(SCORING)
                .setTemplateVersion(SCORING_VERSION).build();
    }

    /** What a reward says about the judge when a candidate was not scored. */
    public JudgingPlan.Unjudged unjudged() {
        return new JudgingPlan.Unjudged(JudgeRef.newBuilder().setProfile(profile.name()).setModel(profile.model())
                .setTemplate(ProfileJudgingPlan.NOT_JUDGED).setTemplateVersion("").build(), model.scoreMin(), model.scoreMax());
    }

    private static boolean hasReference(CandidateGeneration c) {
        return c.getReferenceAnswer() != null && !c.getReferenceAnswer().isBlank();
    }

    private static String question(List<ChatTurn> prompt) {
        for (int i = prompt.size() - 1; i >= 0; i--) {
            if ("user".equals(prompt.get(i).getRole())) return prompt.get(i).getContent();
        }
        return prompt.isEmpty() ? "" : prompt.get(prompt.size() - 1).getContent();
    }

    private JudgeProtocol resolve(JudgeProtocol requested) {
        return ProfileJudgingPlan.resolve(requested, deploymentDefault, JudgeProtocol.SINGLE);
    }
}
