package dev.arbiter.judge.parse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a golden corpus file: entries start with a header line {@code ### field | field | ...}
 * followed by the judge's text verbatim (the final newline before the next header is not part of
 * the text).
 */
final class GoldenCorpus {

    /** One entry: the trimmed header fields and the judge text. */
    record Entry(List<String> header, String text) {
        String field(int i) {
            return header.get(i);
        }
    }

    private GoldenCorpus() {}

    static List<Entry> load(String resource) throws IOException {
        String all;
        try (InputStream in = GoldenCorpus.class.getResourceAsStream(resource)) {
            all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Entry> entries = new ArrayList<>();
        for (String block : all.split("(?m)^### ")) {
            if (block.isBlank()) continue;
            int nl = block.indexOf('\n');
            List<String> header = Arrays.stream(block.substring(0, nl).split("\\|")).map(String::trim).toList();
            String text = block.substring(nl + 1);
            if (text.endsWith("\n")) text = text.substring(0, text.length() - 1);
            entries.add(new Entry(header, text));
        }
        return entries;
    }
}
