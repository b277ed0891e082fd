package dev.arbiter.app.runtime;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up's safety net: each step registers what it opened, and if a later step throws, closing
 * this closes everything registered so far, newest first, so a failed start leaks no connection,
 * thread or directory. Once start-up succeeds, {@link #release()} hands ownership to the running
 * service and closing does nothing.
 */
final class CloseOnFailure implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CloseOnFailure.class);

    private final Deque<AutoCloseable> opened = new ArrayDeque<>();
    private boolean released;

    /** Registers {@code resource} and returns it, for use inline. */
    <T extends AutoCloseable> T register(T resource) {
        opened.push(resource);
        return resource;
    }

    /** Start-up succeeded: the service owns what was opened. */
    void release() {
        released = true;
    }

    @Override
    public void close() {
        if (released) return;
        while (!opened.isEmpty()) {
            AutoCloseable resource = opened.pop();
            try {
                resource.close();
            } catch (Exception e) {
                log.warn("closing {} after a failed start-up", resource, e);
            }
        }
    }
}
