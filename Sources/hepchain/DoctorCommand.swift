import ArgumentParser
import Embedding
import Foundation
import HepChainApp
import Ingest
import KnowledgeBase
import LinearAlgebra

/// `hepchain doctor`: what this installation uses and where each part came from, each checked.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the installation: CPU and BLAS kernel, model, data folder, configuration, dictionary, store.",
        discussion: """
            Prints each part in use, where it came from (flag, environment, configuration file or standard
            location; see docs/CONFIGURATION.md) and whether it works. Exit status 1 when anything is wrong.
            """)

    @OptionGroup var options: DataOptions
    @Flag(help: "Print the checks as JSON.") var json = false

    /// One checked part.
    struct Check: Encodable {
        var name: String
        var value: String
        var origin: String?
        var ok: Bool
        var detail: String?
    }

    struct Report: Encodable {
        var ok: Bool
        var checks: [Check]
    }

    func run() async throws {
        var checks: [Check] = []
        checks.append(Check(name: "version", value: "hepchain \(HepChainRuntime.version)", ok: true))
        checks.append(Check(name: "cpu", value: Self.cpuModel(), ok: true))
        checks.append(Check(name: "blas", value: "OpenBLAS kernel \(BLAS.shared.coreName), \(BLAS.shared.threads) thread(s)", ok: true))
        checks.append(Check(name: "pdf-text", value: PDFLoader.installedTextTool ?? "two pdftotext runs (hepchain-pdftext not found beside hepchain)", ok: true))

        let configuration: ServerConfiguration
        do {
            configuration = try options.configuration()
        } catch {
            checks.append(Check(name: "config", value: "unusable", ok: false, detail: "\(error)"))
            try finish(checks)
            return
        }
        let config = configuration.origins["config"] ?? "none"
        checks.append(Check(name: "config", value: config == "none" ? "none (built-in defaults)" : config, ok: true))

        // The model: found, and loadable.
        var modelCheck = Check(name: "model", value: configuration.modelFolder, origin: configuration.origins["model"], ok: false)
        var embedder: BERTEmbedder?
        do {
            let folder = try configuration.requireModelFolder()
            let loaded = try BERTEmbedder(modelFolder: folder, threads: 1)
            embedder = loaded
            modelCheck.ok = true
            modelCheck.detail = "\(loaded.modelID), \(loaded.dimension) dimensions, at most \(loaded.maxSequenceLength) wordpieces"
        } catch {
            modelCheck.value = configuration.modelFolder.isEmpty ? "not found" : configuration.modelFolder
            modelCheck.detail = "\(error)"
        }
        checks.append(modelCheck)

        // The dictionary (optional): a data file beside the model in the shared-data locations.
        if let dictionary = Locations().findShared("dictionaries") {
            checks.append(Check(name: "dictionary", value: dictionary.url.path, origin: dictionary.origin, ok: true))
        } else {
            checks.append(Check(name: "dictionary", value: "none (optional)", ok: true))
        }

        // The data folder and its store.
        let dataFolder = URL(fileURLWithPath: configuration.dataFolder)
        var dataCheck = Check(name: "data", value: dataFolder.standardizedFileURL.path, origin: configuration.origins["data"], ok: false)
        do {
            let catalog = try await DocumentStores.catalog(configuration)
            var parts: [String] = []
            var ok = true
            if let schema = try await catalog.schema() {
                parts.append("schema \(schema.applied.count) of \(schema.known.count) migrations")
                ok = schema.applied == schema.known
                if !ok { parts.append("the schema is not current: opening the store for writing (e.g. `hepchain index`) migrates it") }
            }
            var bytes: Int64 = 0
            for collection in try await catalog.collections() {
                let statistics = try await catalog.statistics(in: collection.name)
                bytes = statistics.databaseBytes
                parts.append("collection \(collection.name): \(statistics.documents) documents, \(statistics.chunks) chunks, \(statistics.vectors) vectors")
                if let embedder, collection.modelID != embedder.modelID || collection.dimension != embedder.dimension {
                    ok = false
                    parts.append("collection \(collection.name) was built with \(collection.modelID) (\(collection.dimension) dimensions), not the model in use")
                }
            }
            parts.insert("store \(formatBytes(Double(bytes)))", at: 0)
            dataCheck.ok = ok
            dataCheck.detail = parts.joined(separator: "; ")
        } catch {
            dataCheck.detail = "\(error)"
        }
        checks.append(dataCheck)
        try finish(checks)
    }

    private func finish(_ checks: [Check]) throws {
        let ok = checks.allSatisfy(\.ok)
        if json {
            try printJSON(Report(ok: ok, checks: checks))
        } else {
            for check in checks {
                let origin = check.origin.map { " (from \($0))" } ?? ""
                print("\(check.ok ? "ok     " : "PROBLEM") \(check.name): \(check.value)\(origin)")
                if let detail = check.detail { print("        \(detail)") }
            }
            print(ok ? "Everything checked is in order." : "Problems found: \(checks.filter { !$0.ok }.map(\.name).joined(separator: ", ")).")
        }
        if !ok { throw ExitCode(1) }
    }

    /// The CPU's model name from /proc/cpuinfo.
    static func cpuModel() -> String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
            let colon = line.firstIndex(of: ":")
        else { return "unknown" }
        return "\(line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)), \(ProcessInfo.processInfo.activeProcessorCount) cores"
    }
}
