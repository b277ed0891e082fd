package dev.arbiter.judge.profile;

import dev.arbiter.judge.GradingProtocol;
import dev.arbiter.judge.ProtocolKind;
import dev.arbiter.judge.pairwise.PairwiseProtocol;
import dev.arbiter.judge.scalar.ScalarModel;
import dev.arbiter.judge.template.ChatFormat;
import dev.arbiter.judge.transport.SamplingParameters;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A judge model described by configuration: the Triton model name it is served under, its chat
 * format, context window, default sampling parameters, default protocol and the protocols it
 * offers (each a template version, a parser and a scale), its pairwise protocol with the order
 * and consolidation defaults for it, and its majority-vote settings. Built by
 * {@link JudgeProfiles} from a properties file, never hard-coded. The pairwise protocol is kept
 * apart from {@code protocols} because it renders and parses a pair, not one response.
 *
 * <p>A profile with a {@code scalar} model names a scalar reward model instead of a generative
 * judge: it renders no prompt and offers no templated protocol; it grades SINGLE (against the
 * reference answer when the candidate has one, else the question) and REFERENCE_GUIDED (a
 * reference required), and compares no pairs: position bias is a property of reading two
 * answers in one prompt, which a scalar model never does.
 */
public record JudgeProfile(
        String name,
        String model,
        ChatFormat chatFormat,
        int contextWindowTokens,
        SamplingParameters sampling,
        ProtocolKind defaultProtocol,
        Map<ProtocolKind, GradingProtocol> protocols,
        Optional<PairwiseProtocol> pairwise,
        PairwiseSettings pairwiseSettings,
        VoteSettings voting,
        Optional<ScalarModel> scalar) {

    public JudgeProfile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(chatFormat, "chatFormat");
        Objects.requireNonNull(sampling, "sampling");
        Objects.requireNonNull(defaultProtocol, "defaultProtocol");
        protocols = Map.copyOf(protocols.isEmpty() ? protocols : new EnumMap<>(protocols));
        pairwise = pairwise == null ? Optional.empty() : pairwise;
        Objects.requireNonNull(pairwiseSettings, "pairwiseSettings");
        Objects.requireNonNull(voting, "voting");
        scalar = scalar == null ? Optional.empty() : scalar;
        if (scalar.isPresent() && (!protocols.isEmpty() || pairwise.isPresent() || voting.voting())) {
            throw new IllegalArgumentException("profile " + name + ": a scalar model takes no templated protocols, "
                    + "pairwise protocol or voting");
        }
        if (protocols.containsKey(ProtocolKind.PAIRWISE)) {
            throw new IllegalArgumentException("profile " + name + ": the pairwise protocol goes in 'pairwise', not 'protocols'");
        }
        if (!offers(defaultProtocol, protocols, pairwise, scalar)) {
            throw new IllegalArgumentException("profile " + name + ": default protocol " + defaultProtocol + " not offered");
        }
    }

    /** A profile without pairwise protocol, with the default pairwise and single-sample vote settings. */
    public JudgeProfile(String name, String model, ChatFormat chatFormat, int contextWindowTokens,
                        SamplingParameters sampling, ProtocolKind defaultProtocol,
                        Map<ProtocolKind, GradingProtocol> protocols) {
        this(name, model, chatFormat, contextWindowTokens, sampling, defaultProtocol, protocols,
                Optional.empty(), PairwiseSettings.DEFAULT, VoteSettings.SINGLE, Optional.empty());
    }

    /**
     * The same profile served under another Triton model name. Prefer this to re-calling the
     * 7-argument constructor, which drops the pairwise protocol and the vote settings.
     */
    public JudgeProfile withModel(String otherModel) {
        return new JudgeProfile(name, otherModel, chatFormat, contextWindowTokens, sampling, defaultProtocol, protocols,
                pairwise, pairwiseSettings, voting, scalar);
    }

    /** The absolute-scale protocol of that kind; always empty for PAIRWISE (see {@link #pairwise()}). */
    public Optional<GradingProtocol> grading(ProtocolKind kind) {
        return Optional.ofNullable(protocols.get(kind));
    }

    public boolean supports(ProtocolKind kind) {
        return offers(kind, protocols, pairwise, scalar);
    }

    /** Whether this profile names a scalar reward model rather than a generative judge. */
    public boolean isScalar() {
        return scalar.isPresent();
    }

    private static boolean offers(ProtocolKind kind, Map<ProtocolKind, GradingProtocol> protocols,
                                  Optional<PairwiseProtocol> pairwise, Optional<ScalarModel> scalar) {
        if (scalar.isPresent()) return kind == ProtocolKind.SINGLE || kind == ProtocolKind.REFERENCE_GUIDED;
        return kind == ProtocolKind.PAIRWISE ? pairwise.isPresent() : protocols.containsKey(kind);
    }
}
