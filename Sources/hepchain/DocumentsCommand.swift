import ArgumentParser
import Foundation
import HepChainApp
import KnowledgeBase
import RAGCore

struct DocumentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "documents", abstract: "List, show or delete indexed documents.",
        subcommands: [List.self, Show.self, Delete.self], defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List documents.")
        @OptionGroup var options: DataOptions
        @Option(help: "Collection.") var collection = "default"
        @Flag(help: "Print {\"documents\": [...]} as JSON.") var json = false

        /// The body of `GET /v1/documents`, with the same `DocumentSummary` rows (issue 19).
        struct Output: Encodable { var documents: [DocumentSummary] }

        func run() async throws {
            // Listing needs no model: the catalog reads the store only, and never creates one.
            let configuration = try options.configuration()
            let catalog = try await DocumentStores.catalog(configuration)
            let documents = try await catalog.documents(in: collection)
            if json {
                try printJSON(Output(documents: DocumentSummary.listing(documents, dataFolder: configuration.dataFolder)))
                return
            }
            for document in documents {
                print("\(document.id.rawValue)\t\(document.chunkCount) chunks\t\(document.metadata.title ?? "(untitled)")")
            }
            print("\(documents.count) documents")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one document's metadata as JSON.")
        @OptionGroup var options: DataOptions
        @OptionGroup var selection: DocumentSelection

        func run() async throws {
            let configuration = try options.configuration()
            let catalog = try await DocumentStores.catalog(configuration)
            guard let document = try await catalog.document(DocumentID(selection.id), in: selection.collection) else {
                throw selection.notFound()
            }
            // The object `GET /v1/documents/{id}` answers.
            var summary = DocumentSummary.listing([document], dataFolder: configuration.dataFolder)[0]
            summary.pages = try await catalog.pageCount(of: document.id, in: selection.collection)
            try printJSON(summary)
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a document, its chunks and vectors.")
        @OptionGroup var options: DataOptions
        @OptionGroup var selection: DocumentSelection

        func run() async throws {
            let runtime = try await HepChainRuntime.open(configuration: try options.configuration(), existingStore: true)
            guard try await runtime.knowledgeBase.deleteDocument(DocumentID(selection.id), in: selection.collection) else {
                throw selection.notFound()
            }
            try await runtime.close()
            print("Deleted \(selection.id).")
        }
    }

    /// The document `show` and `delete` name.
    struct DocumentSelection: ParsableArguments {
        @Argument(help: "Document id (see `hepchain documents`).") var id: String
        @Option(help: "Collection.") var collection = "default"

        /// Says on stderr that the document is not there; the command then exits with status 1.
        func notFound() -> ExitCode {
            printError("There is no document '\(id)' in collection '\(collection)'.")
            return ExitCode(1)
        }
    }
}

struct CollectionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collections", abstract: "List, create or delete collections.",
        subcommands: [List.self, Create.self, Delete.self], defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List collections.")
        @OptionGroup var options: DataOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let catalog = try await DocumentStores.catalog(try options.configuration())
            var rows: [CollectionSummary] = []
            for info in try await catalog.collections() {
                let statistics = try await catalog.statistics(in: info.name)
                rows.append(CollectionSummary(name: info.name, model: info.modelID, dimension: info.dimension, documents: statistics.documents, chunks: statistics.chunks))
            }
            if json {
                try printJSON(["collections": rows])
                return
            }
            for row in rows { print("\(row.name)\t\(row.documents) documents\t\(row.chunks) chunks\t\(row.model) (\(row.dimension))") }
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a collection for the configured model.")
        @OptionGroup var options: DataOptions
        @Argument(help: "Collection name.") var name: String

        func run() async throws {
            let runtime = try await HepChainRuntime.open(configuration: try options.configuration())
            try await runtime.knowledgeBase.createCollection(name)
            print("Created collection \(name).")
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a collection and everything in it.")
        @OptionGroup var options: DataOptions
        @Argument(help: "Collection name.") var name: String

        func run() async throws {
            let runtime = try await HepChainRuntime.open(configuration: try options.configuration(), existingStore: true)
            try await runtime.knowledgeBase.deleteCollection(name)
            print("Deleted collection \(name).")
        }
    }
}
