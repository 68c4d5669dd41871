public import ArgumentParser
import Foundation
import LinearAlgebra
import KnowledgeBase
import RAGCore

/// Stops with a clear message when this CPU lacks instructions the numeric modules were compiled for.
///
/// `make` builds LinearAlgebra, Embedding and VectorIndex for the building machine's vector unit (AVX2 + FMA
/// when it has them); a binary copied to an older CPU would otherwise die of SIGILL inside the first kernel.
/// This check is compiled without those flags, so it runs on any x86-64, and both executables call it first.
public func exitUnlessCPUSupportsBuild() {
    let required = BuildTarget.requiredCPUFlags
    guard !required.isEmpty, let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return }
    let flagsLine = cpuinfo.split(separator: "\n").first { $0.hasPrefix("flags") } ?? ""
    let flags = Set(flagsLine.split(separator: " ").map(String.init))
    let missing = required.filter { !flags.contains($0) }
    guard !missing.isEmpty else { return }
    FileHandle.standardError.write(Data("""
        error: this HepChain build needs a CPU with \(required.joined(separator: ", ")) (x86-64-v3); this one lacks \
        \(missing.joined(separator: ", ")). Rebuild on this machine (`make build`), which compiles for its own CPU.

        """.utf8))
    exit(70)  // EX_SOFTWARE
}

extension AsyncParsableCommand {
    /// What `hepchain` and `rag-server` run as `main`: the CPU check, then parsing and running the command as
    /// ArgumentParser's own `main` does.
    public static func checkingCPUThenRunning() async {
        exitUnlessCPUSupportsBuild()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as ConfigurationError {
            // A setting that cannot be used is a usage error (EX_USAGE), like a bad flag: one line naming it.
            FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
            exit(withError: ExitCode(64))
        } catch KnowledgeBaseError.noStore(let folder) {
            FileHandle.standardError.write(Data("Error: \(KnowledgeBaseError.noStore(folder: folder))\n".utf8))
            exit(withError: ExitCode(64))
        } catch let error as any UserFacingError where error.kind == .invalidInput {
            // Bad input (an empty question, a file that is not a PDF): what HTTP answers with 400/422 is a usage
            // error here, in the same words.
            FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
            exit(withError: ExitCode(64))
        } catch {
            exit(withError: error)
        }
    }
}
