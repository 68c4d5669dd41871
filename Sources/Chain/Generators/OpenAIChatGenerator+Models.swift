import AsyncHTTPClient
public import Foundation

extension OpenAIChatGenerator {
    /// The model to request from an OpenAI-compatible server: `configured` when set, else the only model the
    /// server lists at `GET <baseURL>/models`. vLLM and Ollama reject a made-up name such as `default`, so a
    /// server that lists none or several needs the name configured.
    ///
    /// Usage example:
    /// ```swift
    /// let model = try await OpenAIChatGenerator.chooseModel(configured: nil, baseURL: url, apiKey: nil)
    /// ```
    /// - Throws: `ChainError.llmModelNotChosen` when there is no single model to choose, and the server errors of
    ///   `servedModels`.
    public static func chooseModel(configured: String?, baseURL: URL, apiKey: String?, timeout: Double = 10) async throws -> String {
        if let configured, !configured.trimmingWhitespace().isEmpty { return configured }
        let served = try await servedModels(baseURL: baseURL, apiKey: apiKey, timeout: timeout)
        guard served.count == 1, let only = served.first else {
            throw ChainError.llmModelNotChosen(url: baseURL.appendingPathComponent("models").absoluteString, served: served)
        }
        return only
    }

    /// The model ids an OpenAI-compatible server lists at `GET <baseURL>/models`.
    public static func servedModels(baseURL: URL, apiKey: String?, timeout: Double = 10) async throws -> [String] {
        let endpoint = baseURL.appendingPathComponent("models")
        let url = endpoint.absoluteString
        let client = UpstreamHTTPClients.shared.client(for: endpoint, connectTimeout: timeout, readTimeout: timeout)
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Accept", value: "application/json")
        if let apiKey { request.headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
        let exchange: UpstreamExchange
        let body: Data
        do {
            exchange = try await UpstreamExchange.send(request, client: client, url: url, headTimeout: timeout, totalTimeout: timeout, maxBytes: 4 << 20)
            body = try await exchange.collect(limit: 4 << 20)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw classify(error, url: url, timeout: timeout)
        }
        guard exchange.status == 200 else {
            throw ChainError.modelServerError(url: url, status: exchange.status, message: errorMessage(in: body, status: exchange.status))
        }
        guard let list = try? JSONDecoder().decode(OpenAIWireFormat.ModelList.self, from: body) else {
            throw ChainError.malformedResponse(url: url, problem: "the body of GET /models is not a model list")
        }
        return list.data.map(\.id)
    }
}
