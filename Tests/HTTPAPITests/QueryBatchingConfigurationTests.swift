import Foundation
import HTTPAPI
import LinearAlgebra
import Testing
@testable import HepChainApp

@Suite("Query batching configuration")
struct QueryBatchingConfigurationTests {
    @Test("queryBatchLimit and embeddingThreads come from the file, then HEPCHAIN_QUERY_BATCH_LIMIT and HEPCHAIN_EMBEDDING_THREADS")
    func precedence() throws {
        #expect(ServerConfiguration().queryBatchLimit == 32)
        #expect(ServerConfiguration().embeddingThreads == nil)

        let file = FileManager.default.temporaryDirectory.appendingPathComponent("hepchain-batching-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(#"{"queryBatchLimit": 8, "embeddingThreads": 2}"#.utf8).write(to: file)
        var configuration = try ServerConfiguration.load(file: file)
        #expect(configuration.queryBatchLimit == 8)
        #expect(configuration.embeddingThreads == 2)

        try configuration.applyEnvironment(["HEPCHAIN_QUERY_BATCH_LIMIT": "1", "HEPCHAIN_EMBEDDING_THREADS": "1"])
        #expect(configuration.queryBatchLimit == 1)
        #expect(configuration.embeddingThreads == 1)
    }

    @Test("queryPrecision comes from the file, then HEPCHAIN_QUERY_PRECISION; a value other than float32 or float16 is an error naming it")
    func queryPrecision() throws {
        #expect(try ServerConfiguration().queryWeightPrecision() == .float32)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("hepchain-precision-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(#"{"queryPrecision": "float16"}"#.utf8).write(to: file)
        var configuration = try ServerConfiguration.load(file: file)
        #expect(try configuration.queryWeightPrecision() == .float16)
        try configuration.applyEnvironment(["HEPCHAIN_QUERY_PRECISION": "bf16"])
        let error = #expect(throws: ConfigurationError.self) { try configuration.queryWeightPrecision() }
        #expect(error?.description.contains("queryPrecision = 'bf16'") == true)
        #expect(error?.description.contains("float32 or float16") == true)
    }
}
