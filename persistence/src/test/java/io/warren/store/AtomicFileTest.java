package io.warren.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    @TempDir
    Path dir;

    @Test
    void writesCreatesDirectoriesAndReadsBack() throws IOException {
        Path target = dir.resolve("a/b/definitions.json");
        AtomicFile.write(target, "{\"v\":1}".getBytes(StandardCharsets.UTF_8));
        assertEquals("{\"v\":1}", new String(AtomicFile.read(target).orElseThrow(), StandardCharsets.UTF_8));
    }

    @Test
    void replacesTheWholeContent() throws IOException {
        Path target = dir.resolve("definitions.json");
        AtomicFile.write(target, new byte[10_000]);
        AtomicFile.write(target, new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, AtomicFile.read(target).orElseThrow());
        assertEquals(1, StoreTesting.filesIn(dir, "*").size(), "no temporary file stays behind");
    }

    @Test
    void missingFileReadsEmpty() throws IOException {
        assertEquals(Optional.empty(), AtomicFile.read(dir.resolve("absent")));
    }

    @Test
    void leftoverTempFilesOfACrashAreIgnoredThenRemoved() throws IOException {
        Path target = dir.resolve("definitions.json");
        AtomicFile.write(target, new byte[] {7});
        Path leftover = dir.resolve("definitions.json.tmp-deadbeef");
        Files.write(leftover, new byte[] {9, 9}); // a crash between writing the temp file and the rename
        assertArrayEquals(new byte[] {7}, AtomicFile.read(target).orElseThrow());
        assertEquals(Optional.empty(), AtomicFile.read(dir.resolve("other.json")));
        AtomicFile.write(target, new byte[] {8});
        assertArrayEquals(new byte[] {8}, AtomicFile.read(target).orElseThrow());
        assertTrue(Files.notExists(leftover));
    }

    @Test
    void aCrashBeforeTheRenameLeavesTheOldContent() throws IOException {
        Path target = dir.resolve("definitions.json");
        AtomicFile.write(target, new byte[] {1});
        Files.write(dir.resolve("definitions.json.tmp-0123"), new byte[] {2}); // new content never renamed
        assertArrayEquals(new byte[] {1}, AtomicFile.read(target).orElseThrow());
    }
}
