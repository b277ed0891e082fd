package dev.arbiter.devserver.cost;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A simulation of vLLM's automatic prefix caching: the prompt is cut into fixed blocks, each
 * identified by the hash of everything up to and including it, and the longest run of leading
 * blocks already in the cache is not prefilled again. Least recently used blocks are evicted when
 * the capacity (in tokens) is exceeded. Blocks are counted in characters here, at the same four
 * characters per token the server's token estimate uses.
 */
public final class PrefixCache {

    /** vLLM's default block size is 16 tokens. */
    static final int BLOCK_TOKENS = 16;
    private static final int BLOCK_CHARS = BLOCK_TOKENS * TokenEstimate.CHARS_PER_TOKEN;

    private final int capacityBlocks;
    private final LinkedHashMap<Long, Boolean> blocks = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
            return size() > capacityBlocks;
        }
    };

    public PrefixCache(int capacityTokens) {
        this.capacityBlocks = capacityTokens / BLOCK_TOKENS;
    }

    /** Tokens of {@code prompt} found in the cache; the prompt's full blocks are then cached. */
    public synchronized int lookupAndInsert(String prompt) {
        if (capacityBlocks == 0) return 0;
        int fullBlocks = prompt.length() / BLOCK_CHARS;
        long hash = 1469598103934665603L;
        int cachedBlocks = 0;
        boolean stillHitting = true;
        for (int b = 0; b < fullBlocks; b++) {
            for (int i = b * BLOCK_CHARS; i < (b + 1) * BLOCK_CHARS; i++) {
                hash = (hash ^ prompt.charAt(i)) * 1099511628211L;
            }
            if (stillHitting && blocks.get(hash) != null) {
                cachedBlocks++;
            } else {
                stillHitting = false;
                blocks.put(hash, Boolean.TRUE);
            }
        }
        return cachedBlocks * BLOCK_TOKENS;
    }
}
