import ArgumentParser
import Foundation
import HepChainApp
import Ingest
import LinearAlgebra

@main
struct HepChain: AsyncParsableCommand {
    /// ArgumentParser's `main`, with usage errors mapped to exit status 64 (see `runMappingUsageErrors`).
    static func main() async { await runMappingUsageErrors() }

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
            ServeCommand.self, DoctorCommand.self, MigrateCommand.self,
        ])
}

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP server: the same as rag-server, with the same options (see rag-server --help).")

    @Argument(parsing: .captureForPassthrough, help: "rag-server's options.") var arguments: [String] = []

    /// Replaces this process with the `rag-server` installed beside `hepchain` (the CLI does not link the HTTP layer).
    func run() throws {
        let folder = URL(fileURLWithPath: CommandLine.executablePath).deletingLastPathComponent()
        let server = folder.appendingPathComponent("rag-server").path
        guard FileManager.default.isExecutableFile(atPath: server) else {
            printError("Cannot start the server: there is no rag-server beside hepchain in \(folder.path). Build or install both (make release, make install).")
            throw ExitCode(69)
        }
        let argv = ([server] + arguments).map { strdup($0) } + [nil]
        execv(server, argv)
        printError("Cannot start \(server): \(String(cString: strerror(errno))).")
        throw ExitCode(71)
    }
}

extension CommandLine {
    /// The running executable's path (`/proc/self/exe`), whatever folder the command was started from.
    static var executablePath: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? arguments[0]
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
