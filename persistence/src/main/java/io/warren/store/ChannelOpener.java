package io.warren.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Opens the channels the I/O thread appends through; a seam for tests that inject write failures. */
@FunctionalInterface
interface ChannelOpener {
    ChannelOpener DEFAULT = path -> FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);

    /** A writable channel on {@code path}, creating the file when it does not exist. */
    FileChannel openForAppend(Path path) throws IOException;
}
