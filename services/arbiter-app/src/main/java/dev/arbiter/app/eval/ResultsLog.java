package dev.arbiter.app.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code results.jsonl}: one line per judged pair and profile, with both raw verdicts, appended and
 * flushed as each pair finishes, so an interrupted run loses at most the pairs in flight. Reading
 * it back skips a torn last line (a run killed mid-write), which is how {@code --resume} judges
 * only what is missing.
 */
public final class ResultsLog implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BufferedWriter out;

    private ResultsLog(BufferedWriter out) {
        this.out = out;
    }

    /** Opens the log for appending ({@code resume}) or starts it afresh. */
    public static ResultsLog open(Path file, boolean resume) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (!resume) Files.deleteIfExists(file);
        boolean torn = resume && Files.exists(file) && Files.size(file) > 0 && !endsWithNewline(file);
        BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        if (torn) out.write('\n'); // close a line torn by a kill, so the next one stands on its own
        return new ResultsLog(out);
    }

    private static boolean endsWithNewline(Path file) throws IOException {
        try (java.nio.channels.SeekableByteChannel ch = Files.newByteChannel(file)) {
            ch.position(ch.size() - 1);
            java.nio.ByteBuffer last = java.nio.ByteBuffer.allocate(1);
            ch.read(last);
            return last.get(0) == '\n';
        }
    }

    /** Every whole line of a log; a line that does not parse (a torn write) is skipped. */
    public static List<PairJudgement> read(Path file) throws IOException {
        List<PairJudgement> done = new ArrayList<>();
        if (!Files.exists(file)) return done;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) continue;
            try {
                done.add(JSON.readValue(line, PairJudgement.class));
            } catch (IOException e) {
                // torn by a kill: the pair is judged again
            }
        }
        return done;
    }

    public synchronized void append(PairJudgement judged) {
        try {
            out.write(JSON.writeValueAsString(judged));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
