package dev.arbiter.judge.profile;

import dev.arbiter.judge.budget.HuggingFaceTokenCounter;
import java.io.InputStreamReader;
import dev.arbiter.judge.GradingProtocol;
import dev.arbiter.judge.ProtocolKind;
import dev.arbiter.judge.budget.ContextBudget;
import dev.arbiter.judge.budget.EstimatingTokenCounter;
import dev.arbiter.judge.budget.TokenCounter;
import dev.arbiter.judge.consolidate.Consolidation;
import dev.arbiter.judge.consolidate.OrderPolicy;
import dev.arbiter.judge.pairwise.PairwiseProtocol;
import dev.arbiter.judge.scalar.ScalarModel;
import java.time.Duration;
import dev.arbiter.judge.parse.PairwiseVerdictParser;
import dev.arbiter.judge.parse.VerdictParser;
import dev.arbiter.judge.template.ChatFormat;
import dev.arbiter.judge.template.TemplateLibrary;
import dev.arbiter.judge.template.TemplatedPairwiseProtocol;
import dev.arbiter.judge.template.TemplatedGradingProtocol;
import dev.arbiter.judge.transport.SamplingParameters;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;

/**
 * Loads judge profiles from properties files: the bundled ones
 * ({@code judge-profiles/<name>.properties}: {@code auto-j-13b}, {@code auto-j-13b-gptq},
 * {@code mtbench-judge}, and the scalar {@code minilm-similarity}) or a file a deployment supplies. The keys are listed in
 * docs/judging.md (pairwise and voting keys in docs/notes/judge-protocol-pairwise.md); unknown
 * protocol names, templates, parsers or policies fail at start-up, not at the first candidate.
 */
public final class JudgeProfiles {

    /** Profiles shipped in this jar. */
    public static final List<String> BUNDLED = List.of("auto-j-13b", "auto-j-13b-gptq", "mtbench-judge", "minilm-similarity");

    private final TemplateLibrary templates;
    private final TokenCounter tokenCounter;

    public JudgeProfiles(TemplateLibrary templates, TokenCounter tokenCounter) {
        this.templates = templates;
        this.tokenCounter = tokenCounter;
    }

    /** Bundled templates and the documented token estimate. */
    public static JudgeProfiles standard() {
        return new JudgeProfiles(TemplateLibrary.bundled(), new EstimatingTokenCounter());
    }

    /** A bundled profile by name, or a properties file if {@code nameOrPath} ends in .properties. */
    public JudgeProfile load(String nameOrPath) {
        if (nameOrPath.endsWith(".properties")) {
            try (Reader r = Files.newBufferedReader(Path.of(nameOrPath), StandardCharsets.UTF_8)) {
                Properties p = new Properties();
                p.load(r);
                return fromProperties(p);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read judge profile " + nameOrPath, e);
            }
        }
        try (InputStream in = JudgeProfiles.class.getClassLoader()
                .getResourceAsStream("judge-profiles/" + nameOrPath + ".properties")) {
            if (in == null) throw new IllegalArgumentException("unknown judge profile '" + nameOrPath + "'; bundled: " + BUNDLED);
            Properties p = new Properties();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return fromProperties(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JudgeProfile fromProperties(Properties p) {
        String name = required(p, "name");
        String modelKind = p.getProperty("kind", "generative").trim();
        if (modelKind.equals("scalar")) return scalarProfile(p, name);
        if (!modelKind.equals("generative")) {
            throw new IllegalArgumentException("profile " + name + ": kind must be generative or scalar, not '" + modelKind + "'");
        }
        int window = Integer.parseInt(required(p, "context-window-tokens"));
        String seed = p.getProperty("sampling.seed");
        SamplingParameters sampling = new SamplingParameters(
                Double.parseDouble(p.getProperty("sampling.temperature", "0")),
                Double.parseDouble(p.getProperty("sampling.top-p", "1")),
                Integer.parseInt(required(p, "sampling.max-tokens")),
                seed == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(seed)));
        ChatFormat format = ChatFormat.valueOf(p.getProperty("chat-format", "LLAMA2").toUpperCase(Locale.ROOT));
        // tokenizer.path names the judge's own tokenizer.json for exact counts; without it the
        // documented estimate is used.
        String tokenizerPath = p.getProperty("tokenizer.path");
        TokenCounter counter = tokenizerPath == null || tokenizerPath.isBlank()
                ? tokenCounter
                : HuggingFaceTokenCounter.fromFile(Path.of(tokenizerPath.trim()));
        ContextBudget budget = new ContextBudget(counter, window, sampling.maxTokens());
        Map<ProtocolKind, GradingProtocol> protocols = new EnumMap<>(ProtocolKind.class);
        for (ProtocolKind kind : ProtocolKind.values()) {
            String prefix = "protocol." + kind.name() + ".";
            String templateId = p.getProperty(prefix + "template");
            // PAIRWISE has no scale and a different protocol type; pairwiseProtocol() builds it.
            if (templateId == null || kind == ProtocolKind.PAIRWISE) continue;
            protocols.put(kind, new TemplatedGradingProtocol(
                    kind,
                    templates.load(templateId, required(p, prefix + "template-version")),
                    format,
                    VerdictParser.named(required(p, prefix + "parser")),
                    Double.parseDouble(required(p, prefix + "scale-min")),
                    Double.parseDouble(required(p, prefix + "scale-max")),
                    budget));
        }
        Optional<PairwiseProtocol> pairwise = pairwiseProtocol(p, format, budget);
        PairwiseSettings pairwiseSettings = new PairwiseSettings(
                enumValue(p, "protocol.PAIRWISE.order-policy", OrderPolicy.class, PairwiseSettings.DEFAULT.orderPolicy()),
                enumValue(p, "protocol.PAIRWISE.consolidation", Consolidation.class, PairwiseSettings.DEFAULT.consolidation()));
        VoteSettings voting = new VoteSettings(
                Integer.parseInt(p.getProperty("vote.samples", String.valueOf(VoteSettings.SINGLE.samples())).trim()),
                Double.parseDouble(p.getProperty("vote.temperature", String.valueOf(VoteSettings.SINGLE.temperature())).trim()));
        for (Object key : p.keySet()) {
            String k = key.toString();
            if (k.startsWith("protocol.")) {
                String kindName = k.substring("protocol.".length(), k.indexOf('.', "protocol.".length()) < 0
                        ? k.length() : k.indexOf('.', "protocol.".length()));
                try {
                    ProtocolKind.valueOf(kindName);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("profile " + name + ": unknown protocol '" + kindName + "'");
                }
            }
        }
        return new JudgeProfile(name, required(p, "model"), format, window, sampling,
                ProtocolKind.valueOf(p.getProperty("default-protocol", "SINGLE")), protocols,
                pairwise, pairwiseSettings, voting, Optional.empty());
    }

    /**
     * A scalar reward model ({@code kind=scalar}): the {@code scalar.*} keys describe its tokenizer,
     * tensors, batch rows and score range; generative keys are refused rather than ignored.
     */
    private static JudgeProfile scalarProfile(Properties p, String name) {
        for (Object key : p.keySet()) {
            String k = key.toString();
            if (k.startsWith("protocol.") || k.startsWith("sampling.") || k.startsWith("vote.") || k.equals("chat-format")) {
                throw new IllegalArgumentException("profile " + name + ": '" + k + "' does not apply to a scalar model");
            }
        }
        int length = Integer.parseInt(required(p, "scalar.sequence-length"));
        String types = p.getProperty("scalar.token-type-ids");
        ScalarModel model = new ScalarModel(
                required(p, "scalar.tokenizer"),
                length,
                Integer.parseInt(required(p, "scalar.max-batch-rows")),
                required(p, "scalar.input-ids"),
                required(p, "scalar.attention-mask"),
                types == null || types.isBlank() ? Optional.empty() : Optional.of(types.trim()),
                required(p, "scalar.output"),
                Integer.parseInt(required(p, "scalar.hidden-size")),
                Double.parseDouble(required(p, "scalar.score-min")),
                Double.parseDouble(required(p, "scalar.score-max")),
                Duration.ofMillis(Long.parseLong(p.getProperty("scalar.queue-delay-ms", "2").trim())),
                Integer.parseInt(p.getProperty("scalar.concurrent-calls", "4").trim()));
        return new JudgeProfile(name, required(p, "model"), ChatFormat.LLAMA2, length, SamplingParameters.greedy(1),
                ProtocolKind.SINGLE, Map.of(), Optional.empty(), PairwiseSettings.DEFAULT, VoteSettings.SINGLE,
                Optional.of(model));
    }

    /** {@code protocol.PAIRWISE.template}, {@code .template-version} and {@code .parser}; no scale. */
    private Optional<PairwiseProtocol> pairwiseProtocol(Properties p, ChatFormat format, ContextBudget budget) {
        String prefix = "protocol." + ProtocolKind.PAIRWISE.name() + ".";
        String templateId = p.getProperty(prefix + "template");
        if (templateId == null) return Optional.empty();
        return Optional.of(new TemplatedPairwiseProtocol(
                templates.load(templateId.trim(), required(p, prefix + "template-version")),
                format,
                PairwiseVerdictParser.named(required(p, prefix + "parser")),
                budget));
    }

    private static <E extends Enum<E>> E enumValue(Properties p, String key, Class<E> type, E fallback) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) return fallback;
        try {
            return Enum.valueOf(type, v.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("judge profile: '" + key + "' must be one of "
                    + java.util.Arrays.toString(type.getEnumConstants()) + ", not '" + v + "'");
        }
    }

    private static String required(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) throw new IllegalArgumentException("judge profile lacks '" + key + "'");
        return v.trim();
    }
}
