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
            Every command takes --data DIR (else $HEPCHAIN_DATA, else ./data) and --config FILE.
            Output is for people by default; --json prints machine-readable output. Errors go to stderr
            with a non-zero exit status.
            """,
        version: """
            hepchain \(HepChainRuntime.version) (OpenBLAS kernel: \(BLAS.shared.coreName); vector kernels: \(KernelLevel.selected.rawValue))
            PDF text: \(PDFLoader.installedTextTool ?? "two pdftotext runs (hepchain-pdftext not found next to hepchain)")
            """,
        subcommands: [
            IndexCommand.self, SearchCommand.self, AskCommand.self, DocumentsCommand.self, CollectionsCommand.self,
            ParseCommand.self, EmbedCommand.self, EvalCommand.self, FissionCommand.self, BenchCommand.self,
            ServeCommand.self,
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
