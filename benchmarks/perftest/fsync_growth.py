#!/usr/bin/env python3
"""What an fdatasync costs on this disk after an append that grows the file, after one inside a
zero-filled file, and after one inside posix_fallocate'd space (README, "Zero-filled files").

    python3 benchmarks/perftest/fsync_growth.py [DIRECTORY] [APPENDS]

Writes and deletes a scratch file of APPENDS x 32 KiB (default 2000: 64 MiB) in DIRECTORY (default
the current one; put it on the disk the data directory lives on). Three rounds of the three modes.
"""
import os
import sys
import time

CHUNK = 32 * 1024


def microseconds_per_fdatasync(path, mode, appends):
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_TRUNC)
    try:
        if mode == "zero-filled":
            zeros = b"\0" * (1 << 20)
            for _ in range(appends * CHUNK // len(zeros) + 1):
                os.write(fd, zeros)
            os.fsync(fd)
        elif mode == "fallocate":
            os.posix_fallocate(fd, 0, appends * CHUNK)
            os.fsync(fd)
        data = b"x" * CHUNK
        started = time.perf_counter()
        for i in range(appends):
            os.pwrite(fd, data, i * CHUNK)
            os.fdatasync(fd)
        return (time.perf_counter() - started) / appends * 1e6
    finally:
        os.close(fd)
        os.unlink(path)


def main():
    directory = sys.argv[1] if len(sys.argv) > 1 else "."
    appends = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    path = os.path.join(directory, "fsync_growth.scratch")
    for round_number in range(1, 4):
        results = [(mode, microseconds_per_fdatasync(path, mode, appends)) for mode in ("growing", "zero-filled", "fallocate")]
        print(f"round {round_number}: " + ", ".join(f"{mode} {us:.0f} µs" for mode, us in results), flush=True)


if __name__ == "__main__":
    main()
