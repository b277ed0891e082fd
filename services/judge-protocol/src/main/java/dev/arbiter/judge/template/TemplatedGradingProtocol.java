package dev.arbiter.judge.template;

import dev.arbiter.judge.GradingProtocol;
import dev.arbiter.judge.GradingRequest;
import dev.arbiter.judge.GradingVerdict;
import dev.arbiter.judge.ProtocolKind;
import dev.arbiter.judge.RenderedPrompt;
import dev.arbiter.judge.budget.ContextBudget;
import dev.arbiter.judge.parse.VerdictParser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An absolute-scale grading protocol built from configuration: a versioned template, the
 * model's chat format, a verdict parser and a scale, with the context budget applied on every
 * render. Every judge profile's single, reference-guided and additive protocols are instances
 * of this one class; only their configuration differs.
 */
public final class TemplatedGradingProtocol implements GradingProtocol {

    private static final String QUERY = "query";
    private static final String RESPONSE = "response";
    private static final String REFERENCE = "reference";

    private final ProtocolKind kind;
    private final PromptTemplate template;
    private final ChatFormat chatFormat;
    private final VerdictParser parser;
    private final double scaleMin;
    private final double scaleMax;
    private final ContextBudget budget;

    public TemplatedGradingProtocol(ProtocolKind kind, PromptTemplate template, ChatFormat chatFormat,
                                    VerdictParser parser, double scaleMin, double scaleMax, ContextBudget budget) {
        this.kind = Objects.requireNonNull(kind);
        this.template = Objects.requireNonNull(template);
        this.chatFormat = Objects.requireNonNull(chatFormat);
        this.parser = Objects.requireNonNull(parser);
        this.scaleMin = scaleMin;
        this.scaleMax = scaleMax;
        this.budget = Objects.requireNonNull(budget);
        if (!template.placeholders().contains(QUERY) || !template.placeholders().contains(RESPONSE)) {
            throw new IllegalArgumentException("template " + template.id() + " lacks {query} or {response}");
        }
        if (kind == ProtocolKind.REFERENCE_GUIDED && !template.placeholders().contains(REFERENCE)) {
            throw new IllegalArgumentException("reference-guided template " + template.id() + " lacks {reference}");
        }
    }

    @Override
    public ProtocolKind kind() {
        return kind;
    }

    public PromptTemplate template() {
        return template;
    }

    /** Whether this protocol needs a reference answer in the request. */
    public boolean needsReference() {
        return template.placeholders().contains(REFERENCE);
    }

    @Override
    public RenderedPrompt render(GradingRequest request) {
        String question = QueryText.of(request.conversation());
        List<String> others = new ArrayList<>();
        others.add(request.response());
        if (needsReference()) {
            others.add(request.referenceAnswer().orElseThrow(
                    () -> new IllegalArgumentException("protocol " + kind + " needs a reference answer")));
        }
        Map<String, String> empty = new HashMap<>();
        empty.put(QUERY, "");
        empty.put(RESPONSE, "");
        empty.put(REFERENCE, "");
        String fixed = chatFormat.wrap(template.system(), template.renderUser(empty));
        ContextBudget.Fitted fitted = budget.fit(fixed, question, others);

        Map<String, String> values = new HashMap<>();
        values.put(QUERY, fitted.question());
        values.put(RESPONSE, fitted.others().get(0));
        if (needsReference()) values.put(REFERENCE, fitted.others().get(1));
        String text = chatFormat.wrap(template.system(), template.renderUser(values));
        return new RenderedPrompt(text, fitted.truncated(), budget.counter().count(text), template.id(), template.version());
    }

    @Override
    public GradingVerdict parse(String generatedText) {
        return parser.parse(generatedText, scaleMin, scaleMax);
    }

    @Override
    public double scaleMin() {
        return scaleMin;
    }

    @Override
    public double scaleMax() {
        return scaleMax;
    }
}
