public import ArgumentParser
import Foundation
import KnowledgeBase
import RAGCore

extension AsyncParsableCommand {
    /// What `hepchain` and `rag-server` run as `main`: parsing and running the command as ArgumentParser's own
    /// `main` does, with unusable settings and bad input as usage errors (exit status 64) in one line.
    public static func runMappingUsageErrors() async {
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
