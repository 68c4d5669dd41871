import Foundation
import RAGCore
import Testing
import TestSupport
import VectorIndex

@Suite("Index files")
struct PersistenceTests {
    static func savedIndex() throws -> (HNSWIndex, URL, [[Float]]) {
        let base = SyntheticVectors.clustered(count: 800, dimension: 24, clusters: 10, subspaceDimension: 6, seed: 31)
        let index = HNSWIndex(dimension: 24, metric: .cosine, parameters: HNSWParameters(maxNeighbors: 12, efConstruction: 100, efSearch: 40, seed: 9))
        try index.add(base, keys: base.indices.map { VectorKey($0 * 7 + 1) })
        index.remove(keys: [8, 15, 22])  // some tombstones in the file
        index.userCheckpoint = 123_456_789
        let url = TestData.temporaryFile("index.hnsw")
        try index.save(to: url)
        return (index, url, base)
    }

    @Test("A saved index loads with the same parameters, checkpoint and search results")
    func roundTrip() throws {
        let (index, url, base) = try Self.savedIndex()
        defer { try? FileManager.default.removeItem(at: url) }
        let loaded = try HNSWIndex.load(from: url)
        #expect(loaded.count == index.count)
        #expect(loaded.dimension == 24 && loaded.metric == .cosine && loaded.parameters == index.parameters)
        #expect(loaded.userCheckpoint == 123_456_789)
        for query in base.prefix(50) {
            #expect(loaded.nearest(to: query, k: 10) == index.nearest(to: query, k: 10))
        }
        #expect(!loaded.contains(8) && loaded.contains(1))
        // The loaded index keeps working as a writer, and a second save/load is identical.
        try loaded.add([base[0]], keys: [999_999])
        #expect(loaded.nearest(to: base[0], k: 2).contains { $0.key == 999_999 })
        #expect(throws: IndexError.fileDimensionMismatch(path: url.path, expected: 384, found: 24)) {
            try HNSWIndex.load(from: url, expectingDimension: 384)
        }
    }

    @Test("Saving replaces the file atomically and leaves no temporary files")
    func atomicSave() throws {
        let (index, url, _) = try Self.savedIndex()
        defer { try? FileManager.default.removeItem(at: url) }
        index.userCheckpoint = 5
        try index.save(to: url)
        #expect(try HNSWIndex.load(from: url).userCheckpoint == 5)
        let folder = url.deletingLastPathComponent()
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasPrefix(".\(url.lastPathComponent)") }
        #expect(leftovers.isEmpty)
    }

    @Test("A truncated file is reported as truncated, naming the file")
    func truncatedFile() throws {
        let (_, url, _) = try Self.savedIndex()
        defer { try? FileManager.default.removeItem(at: url) }
        let bytes = try Data(contentsOf: url)
        for length in [0, 4, 50, 96, 2_000, bytes.count - 1] {
            let cut = TestData.temporaryFile("cut.hnsw")
            defer { try? FileManager.default.removeItem(at: cut) }
            try bytes.prefix(length).write(to: cut)
            #expect {
                try HNSWIndex.load(from: cut)
            } throws: { error in
                guard let error = error as? IndexError, case .truncated(let path, _, let actual) = error else { return false }
                return path == cut.path && actual == length && error.description.contains(cut.path)
            }
        }
    }

    @Test("Flipped bytes, foreign files and unknown versions are rejected with a clear error")
    func corruptFiles() throws {
        let (_, url, _) = try Self.savedIndex()
        defer { try? FileManager.default.removeItem(at: url) }
        let bytes = try Data(contentsOf: url)
        func load(_ data: Data) -> IndexError? {
            let file = TestData.temporaryFile("bad.hnsw")
            defer { try? FileManager.default.removeItem(at: file) }
            do {
                try data.write(to: file)
                _ = try HNSWIndex.load(from: file)
                return nil
            } catch {
                return error as? IndexError
            }
        }
        for offset in [200, bytes.count / 2, bytes.count - 3] {
            var flipped = bytes
            flipped[offset] ^= 0x40
            guard case .corrupt(_, let reason) = load(flipped) else { Issue.record("flip at \(offset) not detected"); continue }
            #expect(reason.contains("checksum"))
        }
        var header = bytes
        header[30] ^= 0x01
        #expect({ if case .corrupt = load(header) { true } else { false } }())
        var version = bytes
        version[8] = 99
        #expect({ if case .unsupportedVersion(_, 99, 1) = load(version) { true } else { false } }())
        #expect({ if case .notAnIndexFile = load(Data("SQLite format 3\0 and more bytes".utf8)) { true } else { false } }())
        var trailing = bytes
        trailing.append(0)
        #expect({ if case .corrupt = load(trailing) { true } else { false } }())
        let missing = TestData.temporaryFile("missing.hnsw")
        #expect {
            try HNSWIndex.load(from: missing)
        } throws: { error in
            guard let error = error as? IndexError, case .fileUnreadable(let path, _) = error else { return false }
            return path == missing.path && error.kind == .notFound
        }
    }
}
