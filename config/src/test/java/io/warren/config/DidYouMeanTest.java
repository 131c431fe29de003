package io.warren.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DidYouMeanTest {

    @Test
    void editDistanceCountsInsertionsDeletionsAndSubstitutions() {
        assertEquals(0, DidYouMean.editDistance("heartbeat", "heartbeat"));
        assertEquals(1, DidYouMean.editDistance("hearbeat", "heartbeat"));
        assertEquals(1, DidYouMean.editDistance("heartbeat", "hearbeat"));
        assertEquals(1, DidYouMean.editDistance("heartbeet", "heartbeat"));
        assertEquals(3, DidYouMean.editDistance("kitten", "sitting"));
        assertEquals(5, DidYouMean.editDistance("", "abcde"));
    }

    @Test
    void picksTheClosestCandidate() {
        assertEquals(Optional.of("channel_max"),
                DidYouMean.closest("chanel_max", List.of("frame_max", "channel_max", "connection_max")));
    }

    @Test
    void suggestsNothingWhenNothingIsClose() {
        assertEquals(Optional.empty(), DidYouMean.closest("xyz", List.of("heartbeat", "frame_max")));
    }

    @Test
    void longerNamesTolerateMoreTypos() {
        assertEquals(Optional.of("vm_memory_high_watermark.relative"),
                DidYouMean.closest("vm_mem_high_watermark.relative", List.of("vm_memory_high_watermark.relative")));
    }
}
