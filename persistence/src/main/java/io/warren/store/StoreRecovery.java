package io.warren.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rebuilds a message store's index from its {@code .rdq} files at open: every file is scanned in
 * number order; each valid record enters the index with no references (the queue indexes claim
 * them next). Zeros filled ahead are cut off quietly. A bad record is skipped, a torn tail
 * truncated, both logged at WARN with file and offset; nothing here refuses to start. A message
 * found twice (a compaction interrupted by a crash) keeps its first copy; the second counts as dead
 * bytes.
 */
final class StoreRecovery {
    private static final Pattern FILE_NAME = Pattern.compile("(\\d{10})\\.rdq");

    private StoreRecovery() {
    }

    /** Scans {@code directory}, fills {@code index}, returns the files in number order with their byte counts. */
    static List<SegmentFile> scan(Path directory, Map<MsgId, StoredMessage> index) throws IOException {
        List<SegmentFile> files = new ArrayList<>();
        for (Map.Entry<Integer, Path> entry : segmentFiles(directory).entrySet()) {
            files.add(scanFile(entry.getKey(), entry.getValue(), index));
        }
        return files;
    }

    /** Deletes every segment file (the paging store starts empty). */
    static void wipe(Path directory) throws IOException {
        for (Path file : segmentFiles(directory).values()) Files.deleteIfExists(file);
    }

    private static SegmentFile scanFile(int number, Path path, Map<MsgId, StoredMessage> index) throws IOException {
        SegmentFile file = new SegmentFile(number, path);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            RecordScan.Result result = RecordScan.scan(channel, "message store file " + path, MessageRecord.FORMAT,
                    (window, offset, length) -> {
                        MsgId id = window.msgIdAt(offset + 8);
                        StoredMessage message = new StoredMessage(StoredMessage.position(number, offset), length);
                        if (index.putIfAbsent(id, message) == null) file.liveBytes += length;
                    }, true);
            RecordScan.cutTail(channel, result, "message store file " + path);
            file.totalBytes = result.validEnd();
        }
        return file;
    }

    private static TreeMap<Integer, Path> segmentFiles(Path directory) throws IOException {
        TreeMap<Integer, Path> files = new TreeMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "*.rdq")) {
            for (Path path : entries) {
                Matcher name = FILE_NAME.matcher(path.getFileName().toString());
                if (name.matches()) files.put(Integer.parseInt(name.group(1)), path);
            }
        }
        return files;
    }
}
