package dev.arbiter.judge.template;

import java.util.Optional;

/**
 * How a judge model expects its conversation to be laid out in raw text. Triton's vLLM backend
 * takes a raw {@code text_input} and applies no chat template, so the wrapping happens here and
 * must match what the model was trained on.
 */
public enum ChatFormat {
    /**
     * Llama-2 chat: {@code [INST] user [/INST]}, or with a system message
     * {@code [INST] <<SYS>>\nsystem\n<</SYS>>\n\nuser [/INST]}. Auto-J uses this (its
     * {@code constants_prompt.py}); the tokenizer adds the BOS token itself.
     */
    LLAMA2 {
        @Override
        public String wrap(Optional<String> system, String user) {
            return system.map(s -> "[INST] <<SYS>>\n" + s + "\n<</SYS>>\n\n" + user + " [/INST]")
                    .orElse("[INST] " + user + " [/INST]");
        }
    },
    /** No wrapping: system message, a blank line, then the user message. For base models. */
    RAW {
        @Override
        public String wrap(Optional<String> system, String user) {
            return system.map(s -> s + "\n\n" + user).orElse(user);
        }
    };

    public abstract String wrap(Optional<String> system, String user);
}
