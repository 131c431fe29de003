package io.warren.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;

/** Opens append channels that fail writes or fsyncs on demand, as a full or failing disk would. */
final class FaultInjector implements ChannelOpener {
    volatile boolean failWrites;
    volatile boolean failForces;

    @Override
    public FileChannel openForAppend(Path path) throws IOException {
        return new Faulty(ChannelOpener.DEFAULT.openForAppend(path));
    }

    private final class Faulty extends FileChannel {
        private final FileChannel delegate;

        Faulty(FileChannel delegate) {
            this.delegate = delegate;
        }

        private void checkWrite(ByteBuffer source) throws IOException {
            if (failWrites) {
                // a full disk often takes part of a write first
                if (source.remaining() > 1) source.position(source.position() + source.remaining() / 2);
                throw new IOException("No space left on device (injected)");
            }
        }

        @Override
        public int write(ByteBuffer source, long position) throws IOException {
            if (failWrites && source.remaining() > 1) {
                ByteBuffer half = source.duplicate();
                half.limit(half.position() + half.remaining() / 2);
                delegate.write(half, position);
            }
            checkWrite(source);
            return delegate.write(source, position);
        }

        @Override
        public int write(ByteBuffer source) throws IOException {
            checkWrite(source);
            return delegate.write(source);
        }

        @Override
        public long write(ByteBuffer[] sources, int offset, int length) throws IOException {
            if (failWrites) throw new IOException("No space left on device (injected)");
            return delegate.write(sources, offset, length);
        }

        @Override
        public void force(boolean metaData) throws IOException {
            if (failForces) throw new IOException("Input/output error (injected)");
            delegate.force(metaData);
        }

        @Override
        public int read(ByteBuffer destination) throws IOException {
            return delegate.read(destination);
        }

        @Override
        public long read(ByteBuffer[] destinations, int offset, int length) throws IOException {
            return delegate.read(destinations, offset, length);
        }

        @Override
        public int read(ByteBuffer destination, long position) throws IOException {
            return delegate.read(destination, position);
        }

        @Override
        public long position() throws IOException {
            return delegate.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            delegate.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return delegate.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            delegate.truncate(size);
            return this;
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return delegate.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel source, long position, long count) throws IOException {
            if (failWrites) throw new IOException("No space left on device (injected)");
            return delegate.transferFrom(source, position, count);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return delegate.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return delegate.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return delegate.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            delegate.close();
        }
    }
}
