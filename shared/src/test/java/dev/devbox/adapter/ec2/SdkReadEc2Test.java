package dev.devbox.adapter.ec2;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The read adapter keeps each filter within EC2's 200 values, however many boxes an admin lists. */
class SdkReadEc2Test {

    @Test
    void idsAreAskedForInChunksOfAtMostTwoHundredInOrder() {
        List<String> ids = IntStream.range(0, 401).mapToObj(i -> "i-" + i).toList();
        List<List<String>> chunks = SdkReadEc2.chunks(ids);
        assertEquals(List.of(200, 200, 1), chunks.stream().map(List::size).toList());
        assertEquals(ids, chunks.stream().flatMap(List::stream).toList());
        assertEquals(List.of(), SdkReadEc2.chunks(List.of()));
        assertEquals(1, SdkReadEc2.chunks(ids.subList(0, 200)).size());
    }
}
