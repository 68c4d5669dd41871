import Chain
import Foundation
import KnowledgeBase
import RAGCore

/// `FissionService` over `SeedFission`: one run at a time (a run keeps the encoder busy), its pairs kept
/// in memory as they are accepted, so the page can show them while the run goes on.
actor FissionRuns: FissionService {
    /// Makes the fission for a collection (the runtime's generator, embedder and chains).
    private let makeFission: @Sendable (String) -> SeedFission
    private var order: [String] = []
    private var byID: [String: FissionRunBody] = [:]
    private var tasks: [String: Task<Void, Never>] = [:]
    /// Most runs kept; older finished ones are forgotten.
    private let keep = 50

    init(makeFission: @escaping @Sendable (String) -> SeedFission) {
        self.makeFission = makeFission
    }

    func start(topic: String, count: Int, collection: String) async throws -> FissionRunBody {
        let topic = topic.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !topic.isEmpty else { throw ServiceError(.invalidInput, "The topic is empty; give a seed topic such as 'BESIII'.") }
        guard (1...200).contains(count) else {
            throw ServiceError(.invalidInput, "count must be between 1 and 200; got \(count).")
        }
        if let running = byID.values.first(where: { $0.status == "running" }) {
            throw ServiceError(.conflict, "A fission run is already going ('\(running.topic)', id \(running.id)); wait for it to finish.")
        }
        let id = UUID().uuidString.lowercased()
        let run = FissionRunBody(id: id, topic: topic, collection: collection, count: count, pairs: 0, status: "running", records: [])
        byID[id] = run
        order.insert(id, at: 0)
        forgetOldRuns()
        let fission = makeFission(collection)
        tasks[id] = Task {
            do {
                let result = try await fission.run(seed: topic, count: count) { record in
                    Task { await self.append(record, to: id) }
                }
                self.finish(id, records: result.records, error: nil)
            } catch {
                self.finish(id, records: nil, error: "\(error)")
            }
        }
        return summary(run)
    }

    func runs() -> [FissionRunBody] {
        order.compactMap { byID[$0].map(summary) }
    }

    func run(_ id: String) -> FissionRunBody? {
        byID[id]
    }

    private func append(_ record: FissionRecord, to id: String) {
        guard var run = byID[id], run.status == "running", !(run.records ?? []).contains(where: { $0.id == record.id }) else { return }
        run.records = (run.records ?? []) + [record]
        run.pairs = run.records?.count ?? 0
        byID[id] = run
    }

    private func finish(_ id: String, records: [FissionRecord]?, error: String?) {
        tasks[id] = nil
        guard var run = byID[id] else { return }
        if let records { run.records = records }
        run.pairs = run.records?.count ?? 0
        run.status = error == nil ? "done" : "failed"
        run.error = error
        byID[id] = run
    }

    private func summary(_ run: FissionRunBody) -> FissionRunBody {
        var copy = run
        copy.records = nil
        return copy
    }

    private func forgetOldRuns() {
        while order.count > keep, let last = order.last, byID[last]?.status != "running" {
            order.removeLast()
            byID[last] = nil
        }
    }
}
