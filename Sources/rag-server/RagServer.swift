import ArgumentParser
import Foundation
import HTTPAPI
import HepChainApp

@main
struct RagServer: AsyncParsableCommand {
    /// ArgumentParser's `main`, with usage errors mapped to exit status 64 (see `runMappingUsageErrors`).
    static func main() async { await runMappingUsageErrors() }

    static let configuration = CommandConfiguration(
        commandName: "rag-server",
        abstract: "HepChain's HTTP service: load documents, search, and ask grounded questions (JSON, SSE, OpenAI-compatible).",
        discussion: """
            Routes: GET /healthz, GET /metrics, GET|POST /v1/collections, DELETE /v1/collections/{name},
            GET|POST /v1/documents, GET|DELETE /v1/documents/{id}, GET /v1/jobs/{id}, POST /v1/search,
            POST /v1/ask, POST /v1/chat/completions, POST /v1/embeddings, GET /v1/models.

            Settings come from defaults, then the configuration file (--config, else $HEPCHAIN_CONFIG, else the
            first of <data>/hepchain.json, $XDG_CONFIG_HOME/hepchain/hepchain.json, /etc/hepchain/hepchain.json),
            then HEPCHAIN_* environment variables (HEPCHAIN_DATA, HEPCHAIN_MODEL, HEPCHAIN_HOST, HEPCHAIN_PORT,
            HEPCHAIN_API_KEYS, HEPCHAIN_LLM_BASE_URL, HEPCHAIN_LLM_MODEL, HEPCHAIN_ALLOW_PRIVATE_ADDRESSES,
            HEPCHAIN_LOG_LEVEL, HEPCHAIN_REQUEST_TIMEOUT, HEPCHAIN_UPLOAD_TIMEOUT, HEPCHAIN_RATE_LIMIT,
            HEPCHAIN_RATE_LIMIT_BURST, HEPCHAIN_QUERY_BATCH_LIMIT, HEPCHAIN_EMBEDDING_THREADS), then these
            flags. docs/CONFIGURATION.md lists every key. A malformed value or an unknown key stops the server
            before it starts (exit 64) with a message naming it; `hepchain doctor` shows what is in use.

            Limits: a request slower than --request-timeout (body included) gets 408 when its body arrived too
            slowly, else 503; uploads get --upload-timeout instead. With --rate-limit R each client (its API
            key, else its address) may make R requests per second on average and --rate-limit-burst at once;
            beyond that it gets 429 with a Retry-After header. Every error is JSON:
            {"error": {"message", "type", "request_id"}}.
            """,
        version: HepChainRuntime.version)

    @OptionGroup var server: ServerOptions

    func run() async throws {
        try await runServer(configuration: server.configuration())
    }
}
