import ArgumentParser
import Foundation
import HTTPAPI
import Ingest
import LinearAlgebra

@main
struct HepChain: AsyncParsableCommand {
    /// Checks the CPU before anything else runs (see `exitUnlessCPUSupportsBuild`).
    static func main() async { await checkingCPUThenRunning() }

    static let configuration = CommandConfiguration(
        commandName: "hepchain",
        abstract: "HepChain: index HEP papers and pages, search them, and ask grounded questions with citations.",
        discussion: """
            Every command takes --data DIR (else $HEPCHAIN_DATA, else ./data when it exists, else
            $XDG_DATA_HOME/hepchain/data), --model DIR and --config FILE; `hepchain doctor` shows which are in use.
            Output is for people by default; --json prints machine-readable output. Errors go to stderr
            with a non-zero exit status.
            """,
        version: """
            hepchain \(HepChainRuntime.version) (OpenBLAS kernel: \(BLAS.shared.coreName); vector kernels: \(KernelLevel.selected.rawValue))
            PDF text: \(PDFLoader.installedTextTool ?? "two pdftotext runs (hepchain-pdftext not found next to hepchain)")
            \(installationSummary())
            """,
        subcommands: [
            IndexCommand.self, SearchCommand.self, AskCommand.self, DocumentsCommand.self, CollectionsCommand.self,
            ParseCommand.self, EmbedCommand.self, EvalCommand.self, FissionCommand.self,
            ServeCommand.self, DoctorCommand.self,
        ])
}

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the HTTP server (the same as rag-server; see rag-server --help).")

    @OptionGroup var server: ServerOptions

    func run() async throws {
        try await runServer(configuration: server.configuration())
    }
}

/// The model, data folder and configuration file `hepchain` would use here with no flags, and where each came
/// from (for `--version`; `hepchain doctor` checks them).
func installationSummary() -> String {
    do {
        let configuration = try ServerConfiguration.resolve(dataFolder: nil, configFile: nil)
        let model = configuration.modelFolder.isEmpty ? "not found" : configuration.modelFolder
        return """
            Model: \(model) (from \(configuration.origins["model"] ?? "?"))
            Data: \(configuration.dataFolder) (from \(configuration.origins["data"] ?? "?"))
            Configuration: \(configuration.origins["config"] ?? "none")
            """
    } catch {
        return "Settings: \(error)"
    }
}
