import Foundation
import TestSupport
import Testing

/// Runs every snippet of docs/clients.md, unchanged but for the server's port and key, against the real server
/// with the real PyPI clients (openai, langchain-openai, llama-index-llms-openai-like; `make setup` installs
/// them) and curl, offline: tiktoken reads cl100k_base from models/tiktoken (TIKTOKEN_CACHE_DIR).
@Suite("Client snippets of docs/clients.md", .serialized)
struct ClientSnippetsTests {
    struct Snippet: Sendable, CustomStringConvertible {
        var language: String
        var code: String
        var expected: String
        var line: Int
        var description: String { "docs/clients.md:\(line) (\(language))" }
    }

    /// Fenced `python` and `sh` blocks preceded by an `<!-- expect: TEXT -->` line.
    static let snippets: [Snippet] = {
        let page = (try? String(contentsOf: TestPaths.root.appendingPathComponent("docs/clients.md"), encoding: .utf8)) ?? ""
        let lines = page.components(separatedBy: "\n")
        var result: [Snippet] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            if line.hasPrefix("<!-- expect: "), index + 1 < lines.count, lines[index + 1].hasPrefix("```") {
                let expected = String(line.dropFirst("<!-- expect: ".count).dropLast(" -->".count))
                let language = String(lines[index + 1].dropFirst(3))
                var code: [String] = []
                var cursor = index + 2
                while cursor < lines.count, !lines[cursor].hasPrefix("```") {
                    code.append(lines[cursor])
                    cursor += 1
                }
                result.append(Snippet(language: language, code: code.joined(separator: "\n"), expected: expected, line: index + 2))
                index = cursor
            }
            index += 1
        }
        return result
    }()

    @Test("The page has the openai, LangChain, LlamaIndex and curl snippets")
    func pageHasSnippets() {
        let code = Self.snippets.map(\.code).joined(separator: "\n")
        #expect(Self.snippets.count >= 4)
        for client in ["from openai import OpenAI", "ChatOpenAI", "OpenAIEmbeddings", "OpenAILike", "curl "] {
            #expect(code.contains(client), "\(client) is shown and run")
        }
    }

    @Test("Each snippet runs unchanged against the real server and prints what the page says", arguments: snippets)
    func runSnippet(_ snippet: Snippet) async throws {
        let server = try await TestServer.shared.start()
        let code = snippet.code.replacingOccurrences(of: "http://127.0.0.1:8080", with: server.client.base.absoluteString)
            .replacingOccurrences(of: "my-key", with: server.apiKey)
        var environment = ProcessInfo.processInfo.environment
        environment["TIKTOKEN_CACHE_DIR"] = TestPaths.root.appendingPathComponent("models/tiktoken").path
        // Offline as on a compute node: any attempt to reach the internet fails at once instead of hanging.
        environment["HTTPS_PROXY"] = "http://127.0.0.1:9"
        environment["NO_PROXY"] = "127.0.0.1,localhost"
        let arguments = snippet.language == "python" ? OpenAIClientTests.interpreter + ["-c", code] : ["sh", "-c", code]
        let run = try await ChildProcess(
            executable: URL(fileURLWithPath: "/usr/bin/env"), arguments: arguments, environment: environment, timeout: .seconds(600)
        ).run(sourceLocation: #_sourceLocation)
        #expect(run.status == 0, "\(snippet) failed (status \(run.status)):\n\(run.errors.suffix(3_000))\n\(run.output.suffix(2_000))")
        #expect(run.output.contains(snippet.expected), "\(snippet) printed:\n\(run.output.suffix(2_000))")
        if snippet.code.contains("OpenAIEmbeddings") {
            #expect(run.output.contains("query vector of 384") && run.output.contains("2 document vectors"), "\(run.output.suffix(500))")
        }
        if snippet.code.contains("stream_options") {
            #expect(run.output.contains("tokens:") && run.output.contains("2 vectors of 384"), "\(run.output.suffix(500))")
        }
    }
}
