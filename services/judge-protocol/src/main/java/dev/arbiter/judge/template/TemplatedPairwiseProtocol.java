package dev.arbiter.judge.template;

import dev.arbiter.judge.RenderedPrompt;
import dev.arbiter.judge.budget.ContextBudget;
import dev.arbiter.judge.pairwise.PairwiseProtocol;
import dev.arbiter.judge.pairwise.PairwiseRequest;
import dev.arbiter.judge.pairwise.PairwiseVerdict;
import dev.arbiter.judge.parse.PairwiseVerdictParser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A pairwise protocol built from configuration: a versioned template with {@code {query}},
 * {@code {response_1}}, {@code {response_2}} (and optionally {@code {reference}}), the model's
 * chat format, a pairwise verdict parser and the context budget. The question is kept and the
 * two responses share the remaining room; because the budget shares room by content, not by
 * position, a pair is cut identically in both orders, so a swap changes only the order the
 * judge reads them in.
 */
public final class TemplatedPairwiseProtocol implements PairwiseProtocol {

    private static final String QUERY = "query";
    private static final String FIRST = "response_1";
    private static final String SECOND = "response_2";
    private static final String REFERENCE = "reference";

    private final PromptTemplate template;
    private final ChatFormat chatFormat;
    private final PairwiseVerdictParser parser;
    private final ContextBudget budget;

    public TemplatedPairwiseProtocol(PromptTemplate template, ChatFormat chatFormat, PairwiseVerdictParser parser,
                                     ContextBudget budget) {
        this.template = Objects.requireNonNull(template);
        this.chatFormat = Objects.requireNonNull(chatFormat);
        this.parser = Objects.requireNonNull(parser);
        this.budget = Objects.requireNonNull(budget);
        if (!template.placeholders().containsAll(List.of(QUERY, FIRST, SECOND))) {
            throw new IllegalArgumentException("pairwise template " + template.id() + " v" + template.version()
                    + " lacks {query}, {response_1} or {response_2}");
        }
    }

    public PromptTemplate template() {
        return template;
    }

    @Override
    public boolean needsReference() {
        return template.placeholders().contains(REFERENCE);
    }

    @Override
    public String templateId() {
        return template.id();
    }

    @Override
    public String templateVersion() {
        return template.version();
    }

    @Override
    public RenderedPrompt render(PairwiseRequest request, boolean swapped) {
        String question = QueryText.of(request.conversation());
        List<String> others = new ArrayList<>(3);
        others.add(swapped ? request.responseB() : request.responseA());
        others.add(swapped ? request.responseA() : request.responseB());
        if (needsReference()) {
            others.add(request.referenceAnswer().orElseThrow(
                    () -> new IllegalArgumentException("pairwise template " + template.id() + " needs a reference answer")));
        }
        Map<String, String> empty = new HashMap<>();
        for (String name : List.of(QUERY, FIRST, SECOND, REFERENCE)) empty.put(name, "");
        String fixed = chatFormat.wrap(template.system(), template.renderUser(empty));
        ContextBudget.Fitted fitted = budget.fit(fixed, question, others);

        Map<String, String> values = new HashMap<>();
        values.put(QUERY, fitted.question());
        values.put(FIRST, fitted.others().get(0));
        values.put(SECOND, fitted.others().get(1));
        if (needsReference()) values.put(REFERENCE, fitted.others().get(2));
        String text = chatFormat.wrap(template.system(), template.renderUser(values));
        return new RenderedPrompt(text, fitted.truncated(), budget.counter().count(text), template.id(), template.version());
    }

    @Override
    public PairwiseVerdict parse(String generatedText) {
        return parser.parse(generatedText);
    }
}
