package dev.arbiter.judge.profile;

import dev.arbiter.judge.GradingProtocol;
import dev.arbiter.judge.ProtocolKind;
import dev.arbiter.judge.pairwise.PairwiseProtocol;
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
        VoteSettings voting) {

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
        if (protocols.containsKey(ProtocolKind.PAIRWISE)) {
            throw new IllegalArgumentException("profile " + name + ": the pairwise protocol goes in 'pairwise', not 'protocols'");
        }
        boolean offered = defaultProtocol == ProtocolKind.PAIRWISE ? pairwise.isPresent() : protocols.containsKey(defaultProtocol);
        if (!offered) {
            throw new IllegalArgumentException("profile " + name + ": default protocol " + defaultProtocol + " not offered");
        }
    }

    /** A profile without pairwise protocol, with the default pairwise and single-sample vote settings. */
    public JudgeProfile(String name, String model, ChatFormat chatFormat, int contextWindowTokens,
                        SamplingParameters sampling, ProtocolKind defaultProtocol,
                        Map<ProtocolKind, GradingProtocol> protocols) {
        this(name, model, chatFormat, contextWindowTokens, sampling, defaultProtocol, protocols,
                Optional.empty(), PairwiseSettings.DEFAULT, VoteSettings.SINGLE);
    }

    /**
     * The same profile served under another Triton model name. Prefer this to re-calling the
     * 7-argument constructor, which drops the pairwise protocol and the vote settings.
     */
    public JudgeProfile withModel(String otherModel) {
        return new JudgeProfile(name, otherModel, chatFormat, contextWindowTokens, sampling, defaultProtocol, protocols,
                pairwise, pairwiseSettings, voting);
    }

    /** The absolute-scale protocol of that kind; always empty for PAIRWISE (see {@link #pairwise()}). */
    public Optional<GradingProtocol> grading(ProtocolKind kind) {
        return Optional.ofNullable(protocols.get(kind));
    }

    public boolean supports(ProtocolKind kind) {
        return kind == ProtocolKind.PAIRWISE ? pairwise.isPresent() : protocols.containsKey(kind);
    }
}
