package dev.arbiter.streams.grading;

import dev.arbiter.judge.ChatTurn;
import dev.arbiter.judge.GradingProtocol;
import dev.arbiter.judge.GradingRequest;
import dev.arbiter.judge.ProtocolKind;
import dev.arbiter.judge.RenderedPrompt;
import dev.arbiter.judge.profile.JudgeProfile;
import dev.arbiter.schema.CandidateGeneration;
import dev.arbiter.schema.DeadLetterReason;
import dev.arbiter.schema.JudgeProtocol;
import dev.arbiter.schema.JudgeRef;
import dev.arbiter.streams.intake.Rejection;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The judging plan of a deployment with one judge profile: a candidate's requested protocol
 * (DEFAULT meaning the deployment's default) selects one of the profile's grading protocols,
 * whose template renders the prompt and whose parser later reads the verdict. Candidates asking
 * for a protocol the profile does not offer, or for reference-guided grading without a
 * reference answer, are rejected at intake with a reason instead of failing at the judge.
 */
public final class ProfileJudgingPlan implements JudgingPlan {

    private final JudgeProfile profile;
    private final JudgeProtocol deploymentDefault;
    private final Duration deadline;

    /**
     * @param profile           the judge model's profile
     * @param deploymentDefault protocol used for DEFAULT requests; DEFAULT here means the profile's own default
     * @param deadline          per-call judge deadline
     */
    public ProfileJudgingPlan(JudgeProfile profile, JudgeProtocol deploymentDefault, Duration deadline) {
        this.profile = Objects.requireNonNull(profile);
        this.deploymentDefault = Objects.requireNonNull(deploymentDefault);
        this.deadline = Objects.requireNonNull(deadline);
        JudgeProtocol resolvedDefault = resolve(JudgeProtocol.DEFAULT);
        if (!profile.supports(kindOf(resolvedDefault))) {
            throw new IllegalArgumentException("judge profile " + profile.name() + " does not offer the default protocol " + resolvedDefault);
        }
    }

    @Override
    public Optional<Rejection> check(CandidateGeneration c) {
        JudgeProtocol protocol = resolve(c.getProtocol());
        if (!profile.supports(kindOf(protocol))) {
            return Optional.of(new Rejection(DeadLetterReason.UNSUPPORTED_PROTOCOL,
                    "judge profile " + profile.name() + " does not offer protocol " + protocol));
        }
        if (protocol == JudgeProtocol.REFERENCE_GUIDED
                && (c.getReferenceAnswer() == null || c.getReferenceAnswer().isBlank())) {
            return Optional.of(new Rejection(DeadLetterReason.MISSING_REQUIRED_FIELD,
                    "reference_answer is required for protocol REFERENCE_GUIDED"));
        }
        return Optional.empty();
    }

    @Override
    public PreparedJudgement prepare(CandidateGeneration c) {
        JudgeProtocol protocol = resolve(c.getProtocol());
        GradingProtocol grading = profile.grading(kindOf(protocol)).orElseThrow(
                () -> new IllegalStateException("prepare() called for an unchecked candidate " + c.getCandidateId()));
        RenderedPrompt rendered = grading.render(new GradingRequest(
                c.getPrompt().stream().map(t -> new ChatTurn(t.getRole(), t.getContent())).toList(),
                c.getResponse(),
                Optional.ofNullable(c.getReferenceAnswer()),
                Optional.ofNullable(c.getScenario())));
        JudgeRef judge = JudgeRef.newBuilder()
                .setProfile(profile.name())
                .setModel(profile.model())
                .setTemplate(rendered.templateId())
                .setTemplateVersion(rendered.templateVersion())
                .build();
        return new PreparedJudgement(protocol, grading, rendered, judge, profile.sampling(), deadline, profile.voting());
    }

    @Override
    public Unjudged unjudged() {
        GradingProtocol grading = profile.grading(kindOf(resolve(JudgeProtocol.DEFAULT))).orElseThrow();
        return new Unjudged(JudgeRef.newBuilder().setProfile(profile.name()).setModel(profile.model())
                .setTemplate(NOT_JUDGED).setTemplateVersion("").build(), grading.scaleMin(), grading.scaleMax());
    }

    /** The template name a reward carries when no template was rendered. */
    public static final String NOT_JUDGED = "(not judged)";

    private JudgeProtocol resolve(JudgeProtocol requested) {
        return resolve(requested, deploymentDefault, JudgeProtocol.valueOf(profile.defaultProtocol().name()));
    }

    /** DEFAULT means the deployment's default, and when that is DEFAULT too, the profile's. */
    static JudgeProtocol resolve(JudgeProtocol requested, JudgeProtocol deploymentDefault, JudgeProtocol profileDefault) {
        if (requested != JudgeProtocol.DEFAULT) return requested;
        if (deploymentDefault != JudgeProtocol.DEFAULT) return deploymentDefault;
        return profileDefault;
    }

    private static ProtocolKind kindOf(JudgeProtocol p) {
        return switch (p) {
            case SINGLE -> ProtocolKind.SINGLE;
            case REFERENCE_GUIDED -> ProtocolKind.REFERENCE_GUIDED;
            case ADDITIVE -> ProtocolKind.ADDITIVE;
            case DEFAULT -> throw new IllegalArgumentException("DEFAULT must be resolved first");
        };
    }
}
