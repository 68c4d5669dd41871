import ArgumentParser
import Foundation
import HepChainApp
import KnowledgeBase
import PostgresStore
import Store

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Copy an embedded store (a data folder) into PostgreSQL, with its vectors (nothing is embedded again).",
        discussion: """
            Resumable: documents already in the target with the same content hash are skipped, so an interrupted
            copy is finished by running the command again. Each document is one transaction in the target.
            Example: hepchain migrate --from data --to postgres://hepchain@db.example.org/hepchain
            """)

    @Option(help: "Data folder holding the SQLite store to copy.") var from: String
    @Option(help: "Target store: postgres://USER@HOST:PORT/DATABASE[?schema=NAME].") var to: String
    @Flag(help: "Print the report as JSON.") var json = false

    struct Output: Encodable {
        var collectionsCreated: Int
        var documentsCopied: Int
        var documentsSkipped: Int
        var chunksCopied: Int
    }

    func run() async throws {
        let folder = URL(fileURLWithPath: from)
        guard FileManager.default.fileExists(atPath: DocumentStores.databaseURL(in: folder).path) else { throw KnowledgeBaseError.noStore(folder: folder.path) }
        let source = try SQLiteDocumentStore(path: DocumentStores.databaseURL(in: folder).path)
        let target = try await PostgresDocumentStore.connect(PostgresStoreConfiguration(url: to))
        defer { target.close() }
        let quiet = json
        // Vectors go in without their HNSW indexes, which are built once at the end (much faster than one
        // insert at a time); an interrupted run leaves them dropped until the next run finishes.
        try await target.suspendVectorIndexes()
        let report = try await StoreCopier.copy(from: source, to: target) { line in
            if !quiet { FileHandle.standardError.write(Data((line + "\n").utf8)) }
        }
        if !quiet { FileHandle.standardError.write(Data("building the vector indexes\n".utf8)) }
        try await target.resumeVectorIndexes()
        if json {
            try printJSON(
                Output(
                    collectionsCreated: report.collectionsCreated, documentsCopied: report.documentsCopied,
                    documentsSkipped: report.documentsSkipped, chunksCopied: report.chunksCopied))
        } else {
            print(
                "Copied \(report.documentsCopied) documents (\(report.chunksCopied) chunks) to \(target.configuration.displayURL); "
                    + "\(report.documentsSkipped) were already there; \(report.collectionsCreated) collections created.")
        }
    }
}
