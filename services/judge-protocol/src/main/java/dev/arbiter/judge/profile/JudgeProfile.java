package dev.arbiter.judge.profile;

import dev.arbiter.judge.GradingProtocol;
import dev.arbiter.judge.ProtocolKind;
import dev.arbiter.judge.template.ChatFormat;
import dev.arbiter.judge.transport.SamplingParameters;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A judge model described by configuration: the Triton model name it is served under, its chat
 * format, context window, default sampling parameters, default protocol and the protocols it
 * offers (each a template version, a parser and a scale). Built by {@link JudgeProfiles} from a
 * properties file, never hard-coded.
 */
public record JudgeProfile(
        String name,
        String model,
        ChatFormat chatFormat,
        int contextWindowTokens,
        SamplingParameters sampling,
        ProtocolKind defaultProtocol,
        Map<ProtocolKind, GradingProtocol> protocols) {

    public JudgeProfile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(chatFormat, "chatFormat");
        Objects.requireNonNull(sampling, "sampling");
        Objects.requireNonNull(defaultProtocol, "defaultProtocol");
        protocols = Map.copyOf(new EnumMap<>(protocols));
        if (!protocols.containsKey(defaultProtocol)) {
            throw new IllegalArgumentException("profile " + name + ": default protocol " + defaultProtocol + " not offered");
        }
    }

    public Optional<GradingProtocol> grading(ProtocolKind kind) {
        return Optional.ofNullable(protocols.get(kind));
    }

    public boolean supports(ProtocolKind kind) {
        return protocols.containsKey(kind);
    }
}
