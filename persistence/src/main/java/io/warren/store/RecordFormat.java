package io.warren.store;

import java.io.IOException;

/** The on-disk shape of one kind of self-checking record, as far as a recovery scan needs to know it. */
interface RecordFormat {
    /** The length of the valid record starting at {@code position}, or -1 when the bytes there are not one. */
    int validLength(FileWindow window, long position) throws IOException;

    /** The length of the shortest possible record. */
    int minLength();
}
