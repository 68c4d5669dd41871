import Foundation
import RAGCore

/// The live vector index of each open collection, kept in step with the store's change log.
///
/// The store is the source of truth. Every store write returns the change-log sequence before and after it;
/// when the index already reflects the sequence before, the write's vectors are applied directly, otherwise
/// (another process wrote in between, or a write's index update arrives out of order) the index catches up
/// from the log. Index files carry the last applied sequence as `userCheckpoint`, so a file left behind by a
/// crash is caught up on open, and one the log can no longer explain is rebuilt from the stored vectors.
///
/// A store that searches vectors itself (`VectorSearchingStore`, e.g. PostgreSQL + pgvector) needs none of
/// this: then `isStoreSearching` is true, nothing is opened or saved, and `apply` does nothing.
actor CollectionIndexes {
    private struct Entry {
        let index: any PersistentVectorStore
        /// Change-log sequence the index reflects.
        var applied: UInt64
        /// Changes applied since the file was last written.
        var unsavedChanges: Int
        var lastSave: ContinuousClock.Instant
        var recovery: IndexRecovery
    }

    private let store: any DocumentStore
    /// True when the store searches its own vectors: no index is kept in this process.
    nonisolated let isStoreSearching: Bool
    private let factory: VectorIndexFactory
    private let folder: URL
    private let saveInterval: Duration
    private var entries: [String: Entry] = [:]
    // Store calls suspend, and an actor is reentrant; the lock keeps each operation whole.
    private var isBusy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(store: any DocumentStore, factory: VectorIndexFactory, folder: URL, saveInterval: Duration) {
        self.store = store
        self.isStoreSearching = store is any VectorSearchingStore
        self.factory = factory
        self.folder = folder
        self.saveInterval = saveInterval
    }

    /// File holding the collection's index.
    nonisolated func fileURL(for collection: String) -> URL {
        folder.appendingPathComponent("\(collection).\(factory.fileExtension)")
    }

    // MARK: - Serialisation

    private func serialized<Result: Sendable>(_ body: () async throws -> Result) async throws -> Result {
        if isBusy {
            await withCheckedContinuation { waiters.append($0) }
        } else {
            isBusy = true
        }
        defer {
            if waiters.isEmpty { isBusy = false } else { waiters.removeFirst().resume() }
        }
        return try await body()
    }

    // MARK: - Operations

    /// The collection's index, opened or recovered if needed and caught up with the store.
    func index(for collection: CollectionInfo) async throws -> any PersistentVectorStore {
        try await serialized {
            if var entry = entries[collection.name] {
                try await catchUp(&entry, collection)
                entries[collection.name] = entry
                return entry.index
            }
            let entry = try await open(collection)
            entries[collection.name] = entry
            return entry.index
        }
    }

    /// Opens (or recovers) the collection's index ahead of a write or search; nothing when the store searches.
    func prepare(_ collection: CollectionInfo) async throws {
        guard !isStoreSearching else { return }
        _ = try await index(for: collection)
    }

    /// How the collection's index was recovered when it was opened, or nil if it is not open.
    func recovery(of collection: String) -> IndexRecovery? { entries[collection]?.recovery }

    /// Applies a committed write to the open index (no-op when the collection is not open: it catches up on open).
    func apply(_ receipt: StoreWriteReceipt, vectors: [Vector], to collection: CollectionInfo) async throws {
        guard !isStoreSearching else { return }
        try await serialized {
            guard var entry = entries[collection.name] else { return }
            if entry.applied == receipt.sequenceBefore {
                entry.index.remove(keys: receipt.removedKeys)
                if !vectors.isEmpty { try entry.index.add(vectors, keys: receipt.addedKeys) }
                entry.applied = receipt.sequenceAfter
                entry.unsavedChanges += receipt.removedKeys.count + receipt.addedKeys.count
            } else {
                try await catchUp(&entry, collection)
            }
            if ContinuousClock.now - entry.lastSave > saveInterval {
                try await save(&entry, collection.name)
            }
            entries[collection.name] = entry
        }
    }

    /// Writes every open index with unsaved changes to its file.
    func flush() async throws {
        try await serialized {
            for name in entries.keys.sorted() {
                guard var entry = entries[name], entry.unsavedChanges > 0 else { continue }
                try await save(&entry, name)
                entries[name] = entry
            }
        }
    }

    /// Forgets a collection's index and deletes its file.
    func drop(_ collection: String) async throws {
        try await serialized {
            entries[collection] = nil
            let url = fileURL(for: collection)
            if FileManager.default.fileExists(atPath: url.path) {
                try FileManager.default.removeItem(at: url)
            }
        }
    }

    // MARK: - Recovery

    private func open(_ collection: CollectionInfo) async throws -> Entry {
        let url = fileURL(for: collection.name)
        let latest = try await store.latestSequence()
        let pruned = try await store.prunedSequence(in: collection.name)
        if FileManager.default.fileExists(atPath: url.path), let loaded = loadUsable(url, collection, latest: latest, pruned: pruned) {
            var entry = Entry(
                index: loaded, applied: loaded.userCheckpoint, unsavedChanges: 0, lastSave: .now, recovery: .loaded)
            try await catchUp(&entry, collection)
            // A crash between a store commit and the index update cannot leave extra or missing vectors
            // behind the log's back, but a file from another copy of the database can: trust counts, not hope.
            if try await store.statistics(in: collection.name).vectors == entry.index.count {
                if entry.unsavedChanges > 0 {
                    entry.recovery = .caughtUp
                    try await save(&entry, collection.name)
                }
                return entry
            }
        }
        return try await rebuild(collection)
    }

    /// The index in `url` if it can be read and the change log can bring it up to date; nil means rebuild.
    private func loadUsable(_ url: URL, _ collection: CollectionInfo, latest: UInt64, pruned: UInt64) -> (any PersistentVectorStore)? {
        let loaded: any PersistentVectorStore
        do {
            loaded = try factory.load(url)
        } catch {
            // An unreadable file is not an error for the user: the store holds every vector, so the caller
            // rebuilds it and reports `IndexRecovery.rebuilt`.
            return nil
        }
        guard loaded.dimension == collection.dimension, loaded.userCheckpoint <= latest, loaded.userCheckpoint >= pruned else {
            return nil
        }
        return loaded
    }

    private func rebuild(_ collection: CollectionInfo) async throws -> Entry {
        let index = try factory.make(collection.dimension)
        let snapshot = try await store.forEachVector(in: collection.name, pageSize: 2048) { keys, vectors in
            try index.add(vectors, keys: keys)
        }
        var entry = Entry(
            index: index, applied: snapshot, unsavedChanges: index.count, lastSave: .now,
            recovery: index.count == 0 ? .created : .rebuilt)
        try await catchUp(&entry, collection)
        if entry.unsavedChanges > 0 { try await save(&entry, collection.name) }
        return entry
    }

    private func catchUp(_ entry: inout Entry, _ collection: CollectionInfo) async throws {
        let latest = try await store.latestSequence()
        guard latest > entry.applied else { return }
        if try await store.prunedSequence(in: collection.name) > entry.applied {
            // Another process saved the index and pruned the log past us: the file is newer than memory.
            entry = try await open(collection)
            return
        }
        let changes = try await store.changes(after: entry.applied, in: collection.name)
        var finalOperation: [VectorKey: VectorChange.Operation] = [:]
        var highest = latest
        for change in changes {
            finalOperation[change.key] = change.operation
            highest = max(highest, change.sequence)
        }
        let removed = finalOperation.filter { $0.value == .remove }.map(\.key)
        let added = finalOperation.filter { $0.value == .add }.map(\.key).sorted()
        entry.index.remove(keys: removed)
        let vectors = try await store.vectors(keys: added)
        let present = added.filter { vectors[$0] != nil }
        if !present.isEmpty {
            try entry.index.add(present.compactMap { vectors[$0] }, keys: present)
        }
        entry.applied = highest
        entry.unsavedChanges += changes.count
    }

    private func save(_ entry: inout Entry, _ collection: String) async throws {
        let url = fileURL(for: collection)
        let temporary = folder.appendingPathComponent(".\(collection).\(ProcessInfo.processInfo.processIdentifier).tmp")
        entry.index.userCheckpoint = entry.applied
        do {
            try entry.index.save(to: temporary)
            // rename(2) replaces the old file atomically: a reader or a crash sees the old or the new index, never half.
            guard rename(temporary.path, url.path) == 0 else {
                throw KnowledgeBaseError.cannotSaveIndex(path: url.path, detail: String(cString: strerror(errno)))
            }
        } catch let error as KnowledgeBaseError {
            throw error
        } catch {
            throw KnowledgeBaseError.cannotSaveIndex(path: url.path, detail: "\(error)")
        }
        entry.unsavedChanges = 0
        entry.lastSave = .now
        try await store.pruneChanges(through: entry.applied, in: collection)
    }
}
