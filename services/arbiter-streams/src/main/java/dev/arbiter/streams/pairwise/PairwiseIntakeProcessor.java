package dev.arbiter.streams.pairwise;

import org.apache.kafka.streams.state.KeyValueStore;
import dev.arbiter.schema.DeadLetterReason;
import dev.arbiter.schema.PairwiseRequest;
import dev.arbiter.streams.intake.AcceptanceRule;
import dev.arbiter.streams.intake.CandidateValidator;
import dev.arbiter.streams.intake.DeadLetterRoute;
import dev.arbiter.streams.intake.InputLimits;
import dev.arbiter.streams.intake.RecentIds;
import dev.arbiter.streams.intake.RecordDecoder;
import dev.arbiter.streams.intake.Rejection;
import dev.arbiter.streams.intake.ResponseScreen;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The front door of the pairwise-requests topic: decodes and checks each request and sends
 * anything that cannot be judged to the dead-letter topic with a reason; processing goes on.
 * A pair id that is still being judged, or was accepted within the de-duplication window, is
 * dead-lettered as a duplicate, so a reranker never gets two results for one pair. As at the
 * candidate intake, sizes are checked before anything reads the text, and both responses are
 * screened under the scan budget before the pair is stored.
 */
public final class PairwiseIntakeProcessor implements Processor<byte[], byte[], Object, Object> {

    private static final int MAX_ID_LENGTH = 256;

    private final RecordDecoder<PairwiseRequest> decoder;
    private final InputLimits limits;
    private final ResponseScreen screen;
    private final AcceptanceRule<PairwiseRequest> planRule;
    private final String acceptedChild;
    private final DeadLetterRoute deadLetters;
    private final String pendingStoreName;
    private final String seenStoreName;
    private final Duration dedupeWindow;
    private ProcessorContext<Object, Object> context;
    private KeyValueStore<String, ?> pending;
    private RecentIds seen;

    public PairwiseIntakeProcessor(RecordDecoder<PairwiseRequest> decoder, InputLimits limits, ResponseScreen screen,
                                   AcceptanceRule<PairwiseRequest> planRule,
                                   String pendingStoreName, String seenStoreName, Duration dedupeWindow,
                                   String acceptedChild, DeadLetterRoute deadLetters) {
        this.decoder = decoder;
        this.limits = limits;
        this.screen = screen;
        this.planRule = planRule;
        this.pendingStoreName = pendingStoreName;
        this.seenStoreName = seenStoreName;
        this.dedupeWindow = dedupeWindow;
        this.acceptedChild = acceptedChild;
        this.deadLetters = deadLetters;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.pending = context.getStateStore(pendingStoreName);
        this.seen = new RecentIds(context.getStateStore(seenStoreName), dedupeWindow);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata source = context.recordMetadata().orElseThrow();
        RecordDecoder.Decoded<PairwiseRequest> decoded = decoder.decode(source.topic(), record.value());
        if (decoded instanceof RecordDecoder.Decoded.Bad<PairwiseRequest> bad) {
            deadLetters.send(context, record, source, bad.rejection());
            return;
        }
        PairwiseRequest r = ((RecordDecoder.Decoded.Ok<PairwiseRequest>) decoded).value();
        Optional<Rejection> rejection = limits.check(r)
                .or(() -> check(r))
                .or(() -> planRule.check(r))
                .or(() -> screen.check("response_a", r.getResponseA()))
                .or(() -> screen.check("response_b", r.getResponseB()));
        if (rejection.isPresent()) {
            deadLetters.send(context, record, source, rejection.get());
            return;
        }
        if (pending.get(r.getPairId()) != null) {
            deadLetters.send(context, record, source, new Rejection(DeadLetterReason.DUPLICATE_CANDIDATE,
                    "pair_id " + r.getPairId() + " is already being judged; its result will be emitted once"));
            return;
        }
        long ts = record.timestamp();
        if (seen.seenWithin(r.getPairId(), ts)) {
            deadLetters.send(context, record, source, new Rejection(DeadLetterReason.DUPLICATE_CANDIDATE,
                    "pair_id " + r.getPairId() + " was already accepted within " + dedupeWindow
                            + "; its result is (or will be) emitted once"));
            return;
        }
        seen.remember(r.getPairId(), ts);
        context.forward(new Record<>((Object) r.getPromptId(), (Object) r, ts), acceptedChild);
    }

    private Optional<Rejection> check(PairwiseRequest r) {
        if (blank(r.getPairId())) return Optional.of(new Rejection(DeadLetterReason.MISSING_REQUIRED_FIELD, "pair_id is missing or blank"));
        if (blank(r.getPromptId())) return Optional.of(new Rejection(DeadLetterReason.MISSING_REQUIRED_FIELD, "prompt_id is missing or blank"));
        if (r.getPairId().length() > MAX_ID_LENGTH || r.getPromptId().length() > MAX_ID_LENGTH) {
            return Optional.of(new Rejection(DeadLetterReason.INVALID_FIELD, "pair_id or prompt_id longer than " + MAX_ID_LENGTH));
        }
        Optional<Rejection> prompt = CandidateValidator.checkPrompt(r.getPrompt());
        if (prompt.isPresent()) return prompt;
        if (blank(r.getResponseA()) || blank(r.getResponseB())) {
            return Optional.of(new Rejection(DeadLetterReason.EMPTY_RESPONSE, "response_a or response_b is empty or blank"));
        }
        return Optional.empty();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
