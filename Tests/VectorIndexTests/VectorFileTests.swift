import Foundation
import RAGCore
import Testing
import VectorIndex

@Suite("Benchmark files and runner")
struct VectorFileTests {
    @Test(".fvecs and .ivecs files round-trip, and malformed ones are rejected")
    func roundTrip() throws {
        let floats: [[Float]] = [[1, 2, 3], [-4, 5.5, 6]]
        let ints: [[Int32]] = [[3, 1], [0, 2]]
        let floatURL = TestData.temporaryFile("a.fvecs")
        let intURL = TestData.temporaryFile("a.ivecs")
        defer {
            try? FileManager.default.removeItem(at: floatURL)
            try? FileManager.default.removeItem(at: intURL)
        }
        try VectorFile.writeFloatVectors(floats, to: floatURL)
        try VectorFile.writeIntVectors(ints, to: intURL)
        #expect(try VectorFile.readFloatVectors(floatURL) == floats)
        #expect(try VectorFile.readIntVectors(intURL) == ints)
        try Data(try Data(contentsOf: floatURL).dropLast(2)).write(to: floatURL)
        #expect(throws: IndexError.self) { try VectorFile.readFloatVectors(floatURL) }
    }

    @Test("The benchmark reports build time, memory and recall per ef, in the documented JSON shape")
    func benchmarkReport() throws {
        let vectors = SyntheticVectors.clustered(count: 620, dimension: 16, clusters: 5, subspaceDimension: 4, seed: 8)
        let base = TestData.temporaryFile("b.fvecs")
        let queries = TestData.temporaryFile("q.fvecs")
        defer {
            try? FileManager.default.removeItem(at: base)
            try? FileManager.default.removeItem(at: queries)
        }
        try VectorFile.writeFloatVectors(Array(vectors.prefix(600)), to: base)
        try VectorFile.writeFloatVectors(Array(vectors.suffix(20)), to: queries)
        let report = try IndexBenchmark.run(base: base, queries: queries, groundTruth: nil, efs: [16, 600], threads: 1)
        #expect(report.count == 600 && report.queries == 20)
        #expect(report.results.map(\.ef) == [16, 600])
        #expect(report.results[1].recall == 1.0)
        #expect(report.buildSeconds > 0 && report.memoryBytes > 600 * 16 * 4)
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as? [String: Any]
        #expect(json?["build_seconds"] is Double && json?["memory_bytes"] is Int)
        let first = (json?["results"] as? [[String: Any]])?.first
        #expect(first?["ef"] as? Int == 16 && first?["recall"] is Double && first?["qps"] is Double)
    }
}
