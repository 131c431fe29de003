package io.warren.store;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryLockTest {
    @TempDir
    Path temp;

    @Test
    void createsTheDirectoryAndRefusesASecondOwner() throws IOException {
        Path dir = temp.resolve("data");
        try (DataDirectoryLock first = DataDirectoryLock.acquire(dir)) {
            assertTrue(Files.isDirectory(dir));
            IOException refused = assertThrows(IOException.class, () -> DataDirectoryLock.acquire(dir));
            assertTrue(refused.getMessage().contains("is in use by another Warren broker"), refused.getMessage());
            assertTrue(refused.getMessage().contains(dir.toAbsolutePath().toString()), refused.getMessage());
        }
    }

    @Test
    void canBeAcquiredAgainOnceReleased() throws IOException {
        DataDirectoryLock.acquire(temp).close();
        try (DataDirectoryLock again = DataDirectoryLock.acquire(temp)) {
            assertTrue(Files.exists(temp.resolve(".lock")));
        }
    }
}
