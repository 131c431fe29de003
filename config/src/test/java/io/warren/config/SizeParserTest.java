package io.warren.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SizeParserTest {

    @ParameterizedTest(name = "{0} = {1} bytes")
    @CsvSource({
        "1024, 1024",
        "0, 0",
        "50MB, 50000000",
        "50mb, 50000000",
        "50M, 50000000",
        "1GB, 1000000000",
        "2GB, 2000000000",
        "1G, 1000000000",
        "16kB, 16000",
        "16k, 16000",
        "2TB, 2000000000000",
        "512MiB, 536870912",
        "512Mi, 536870912",
        "512mib, 536870912",
        "1GiB, 1073741824",
        "4KiB, 4096",
        "4Ki, 4096",
        "1TiB, 1099511627776",
        "'10 MB', 10000000",
    })
    void parsesBytesWithAndWithoutUnits(String text, long bytes) {
        assertEquals(Optional.of(bytes), SizeParser.bytes(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "MB", "-1", "1.5GB", "10 XB", "10B", "0x10", "99999999999999999999", "9999999999TiB"})
    void rejectsWhatIsNotASize(String text) {
        assertEquals(Optional.empty(), SizeParser.bytes(text));
    }

    @ParameterizedTest
    @CsvSource({"4095", "1025MiB", "2GB"})
    void enforcesTheRange(String text) {
        ValueParser<Long> segmentSize = SizeParser.size(4096, 1L << 30);
        assertEquals(Optional.empty(), segmentSize.parse(text));
        assertTrue(segmentSize.expected().startsWith("a size in bytes from 4096 to 1073741824"),
                segmentSize.expected());
    }
}
