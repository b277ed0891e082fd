package dev.arbiter.streams.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class CompletionMailboxTest {

    @Test
    void callsIssuedBeforeACloseAreNotWantedInTheNextLife() {
        CompletionMailbox<String> mailbox = new CompletionMailbox<>();
        mailbox.open();
        BooleanSupplier first = mailbox.wanted(mailbox.nextToken());
        assertThat(first.getAsBoolean()).isTrue();

        mailbox.close();
        assertThat(first.getAsBoolean()).isFalse();
        mailbox.open();
        assertThat(first.getAsBoolean()).as("revived task: the old call stays unwanted").isFalse();
        assertThat(mailbox.wanted(mailbox.nextToken()).getAsBoolean()).isTrue();
    }

    @Test
    void closeDropsWaitingCompletionsAndDrainHandsOverTheRestInOrder() {
        CompletionMailbox<String> mailbox = new CompletionMailbox<>();
        mailbox.open();
        mailbox.post("stale");
        mailbox.close();
        mailbox.open();
        mailbox.post("a");
        mailbox.post("b");
        List<String> handled = new ArrayList<>();
        mailbox.awaitAndDrain(Duration.ofSeconds(1), handled::add);
        assertThat(handled).containsExactly("a", "b");
    }
}
