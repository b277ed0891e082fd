package dev.arbiter.app.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesTest {

    @Test
    void readsAutoJsFieldsIgnoresExtraOnesAndReportsBadLinesByNumberWithoutStopping(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pairs.jsonl");
        Files.writeString(file, String.join("\n",
                "{\"scenario\":\"code_generation\",\"label\":1,\"prompt\":\"q\",\"response 1\":\"a\",\"response 2\":\"b\",\"extra\":[1]}",
                "not json at all",
                "",
                "{\"scenario\":\"x\",\"label\":3,\"prompt\":\"q\",\"response 1\":\"a\",\"response 2\":\"b\"}",
                "{\"scenario\":\"x\",\"label\":0,\"prompt\":\"q\",\"response 1\":\"a\"}",
                "{\"scenario\":\"rewriting\",\"label\":2,\"prompt\":\"q2\",\"response 1\":\"c\",\"response 2\":\"d\"}") + "\n");
        JsonLines.Contents<LabelledPair> c = JsonLines.read(file, LabelledPair::parse);
        assertThat(c.items()).extracting(LabelledPair::line).containsExactly(1, 6);
        assertThat(c.items().get(0)).isEqualTo(new LabelledPair(1, "code_generation", 1, "q", "a", "b"));
        assertThat(c.problems()).hasSize(3);
        assertThat(c.problems().get(0)).startsWith("line 2: ");
        assertThat(c.problems().get(1)).isEqualTo("line 4: label must be 0, 1 or 2");
        assertThat(c.problems().get(2)).isEqualTo("line 5: missing text field \"response 2\"");
    }

    @Test
    void aPairsKeyFollowsItsContentNotItsLine() {
        assertThat(new LabelledPair(1, "s", 0, "q", "a", "b").key()).isEqualTo(new LabelledPair(9, "s", 0, "q", "a", "b").key())
                .isNotEqualTo(new LabelledPair(1, "s", 0, "q", "a", "c").key());
    }
}
