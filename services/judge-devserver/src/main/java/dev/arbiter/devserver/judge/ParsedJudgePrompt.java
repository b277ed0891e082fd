package dev.arbiter.devserver.judge;

import java.util.Optional;

/**
 * The parts the heuristic needs, cut out of a judge prompt by the fixed delimiters of its
 * family. The end of a field is found with the last occurrence of its closing delimiter, so a
 * response that itself contains delimiter text stays whole.
 */
record ParsedJudgePrompt(JudgePromptFamily family, String question, String first, Optional<String> second,
                         Optional<String> reference) {

    static ParsedJudgePrompt parse(String prompt) {
        if (prompt.contains("[Response 1]: ") && prompt.contains("[Response 2]: ")) {
            return new ParsedJudgePrompt(JudgePromptFamily.AUTOJ_PAIRWISE,
                    between(prompt, "[Query]: ", "\n***\n[Response 1]: "),
                    between(prompt, "[Response 1]: ", "\n***\n[Response 2]: "),
                    Optional.of(between(prompt, "[Response 2]: ", "\n***\n[END DATA]")), Optional.empty());
        }
        if (prompt.contains("Write critiques for a submitted response") && prompt.contains("[Response]: ")) {
            return new ParsedJudgePrompt(JudgePromptFamily.AUTOJ_SINGLE,
                    between(prompt, "[Query]: ", "\n***\n[Response]: "),
                    between(prompt, "[Response]: ", "\n***\n[END DATA]"), Optional.empty(), Optional.empty());
        }
        if (prompt.contains("[The Start of Assistant A's Answer]") && prompt.contains("[The Start of Assistant B's Answer]")) {
            return new ParsedJudgePrompt(JudgePromptFamily.MTBENCH_PAIRWISE,
                    between(prompt, "[User Question]\n", "\n\n[The Start of"),
                    between(prompt, "[The Start of Assistant A's Answer]\n", "\n[The End of Assistant A's Answer]"),
                    Optional.of(between(prompt, "[The Start of Assistant B's Answer]\n", "\n[The End of Assistant B's Answer]")),
                    reference(prompt));
        }
        if (prompt.contains("[The Start of Assistant's Answer]")) {
            return new ParsedJudgePrompt(JudgePromptFamily.MTBENCH_SINGLE,
                    between(prompt, "[Question]\n", "\n\n[The Start of"),
                    between(prompt, "[The Start of Assistant's Answer]\n", "\n[The End of Assistant's Answer]"),
                    Optional.empty(), reference(prompt));
        }
        if (prompt.contains("additive 5-point scoring system") && prompt.contains("<response>")) {
            return new ParsedJudgePrompt(JudgePromptFamily.ADDITIVE,
                    between(prompt, "User: ", "\n\n<response>"),
                    between(prompt, "<response>", "</response>"), Optional.empty(), Optional.empty());
        }
        return new ParsedJudgePrompt(JudgePromptFamily.UNKNOWN, prompt, "", Optional.empty(), Optional.empty());
    }

    private static Optional<String> reference(String prompt) {
        if (!prompt.contains("[The Start of Reference Answer]\n")) return Optional.empty();
        return Optional.of(between(prompt, "[The Start of Reference Answer]\n", "\n[The End of Reference Answer]"));
    }

    private static String between(String s, String open, String close) {
        int from = s.indexOf(open);
        if (from < 0) return "";
        from += open.length();
        int to = s.lastIndexOf(close);
        return to < from ? s.substring(from) : s.substring(from, to);
    }
}
