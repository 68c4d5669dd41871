public import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

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
        var request = URLRequest(url: endpoint, timeoutInterval: timeout)
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        if let apiKey { request.setValue("Bearer \(apiKey)", forHTTPHeaderField: "Authorization") }
        var head: (status: Int, headers: [String: String])?
        var body = Data()
        do {
            for try await part in HTTPStreamingTransport.send(request, connectTimeout: timeout, readTimeout: timeout) {
                switch part {
                case .head(let status, let headers): head = (status, headers)
                case .body(let bytes):
                    body.append(bytes)
                    guard body.count <= 4 << 20 else { throw ChainError.malformedResponse(url: url, problem: "the model list exceeds 4 MB") }
                }
            }
        } catch let error as ChainError {
            throw error
        } catch {
            throw ChainError.modelServerUnreachable(url: url, reason: "\(error)")
        }
        guard let head else { throw ChainError.malformedResponse(url: url, problem: "no response head") }
        guard head.status == 200 else {
            throw ChainError.modelServerError(url: url, status: head.status, message: errorMessage(in: body, status: head.status))
        }
        guard let list = try? JSONDecoder().decode(OpenAIWireFormat.ModelList.self, from: body) else {
            throw ChainError.malformedResponse(url: url, problem: "the body of GET /models is not a model list")
        }
        return list.data.map(\.id)
    }
}
