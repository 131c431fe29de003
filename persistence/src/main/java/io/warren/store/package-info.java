/**
 * Warren's durable storage: message bodies, queue indexes, group commit, paging, atomic files.
 *
 * <p>Start with {@link io.warren.store.Storage} (the facade the broker opens once per data
 * directory), then {@link io.warren.store.MessageStore} and {@link io.warren.store.QueueIndex}
 * for what each keeps and how it recovers. The engines behind them are package-private:
 * {@code IoLoop} (the single I/O thread and its group commit), {@code StoreWriter} and
 * {@code Compactor} (the message store's writing side), {@code IndexWriter} (a queue index's),
 * {@code AppendFile} (buffered, rollback-on-failure appends) and {@code RecordScan} (recovery
 * scans of self-checking records).
 */
package io.warren.store;
