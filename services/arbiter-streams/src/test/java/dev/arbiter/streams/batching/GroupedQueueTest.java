package dev.arbiter.streams.batching;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupedQueueTest {

    private static List<String> drain(GroupedQueue<String> q) {
        List<String> out = new ArrayList<>();
        for (String s = q.poll(); s != null; s = q.poll()) out.add(s);
        return out;
    }

    @Test
    void interleavedGroupsLeaveOneWholeGroupAtATimeInOrderOfFirstArrival() {
        GroupedQueue<String> q = new GroupedQueue<>(100);
        for (String item : List.of("p1-a", "p2-a", "p3-a", "p1-b", "p2-b", "p3-b", "p1-c")) q.add(item.substring(0, 2), item);
        assertThat(q.size()).isEqualTo(7);
        assertThat(q.peek()).isEqualTo("p1-a");
        assertThat(drain(q)).containsExactly("p1-a", "p1-b", "p1-c", "p2-a", "p2-b", "p3-a", "p3-b");
        assertThat(q.isEmpty()).isTrue();
        assertThat(q.poll()).isNull();
    }

    @Test
    void aGroupThatRunsPastMaxRunGoesToTheBackSoOthersAreNotHeldUp() {
        GroupedQueue<String> q = new GroupedQueue<>(2);
        for (int i = 0; i < 5; i++) q.add("hot", "hot-" + i);
        q.add("cold", "cold-0");
        assertThat(drain(q)).containsExactly("hot-0", "hot-1", "cold-0", "hot-2", "hot-3", "hot-4");
    }

    @Test
    void aGroupThatEmptiedAndReturnsQueuesBehindTheGroupsAlreadyWaiting() {
        GroupedQueue<String> q = new GroupedQueue<>(100);
        q.add("p1", "p1-a");
        q.add("p2", "p2-a");
        assertThat(q.poll()).isEqualTo("p1-a");
        q.add("p1", "p1-b");
        assertThat(drain(q)).containsExactly("p2-a", "p1-b");
    }
}
