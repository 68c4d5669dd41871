import Foundation
import HTTPAPI
import Testing

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

        configuration.applyEnvironment(["HEPCHAIN_QUERY_BATCH_LIMIT": "1", "HEPCHAIN_EMBEDDING_THREADS": "1"])
        #expect(configuration.queryBatchLimit == 1)
        #expect(configuration.embeddingThreads == 1)
    }
}
