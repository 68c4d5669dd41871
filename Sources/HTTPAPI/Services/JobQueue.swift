import Foundation
public import HepChainApp

/// The state of a background ingest job, as `GET /v1/jobs/{id}` reports it.
public struct JobStatus: Codable, Sendable, Hashable {
    /// Job identifier.
    public var id: String
    /// `running`, `finished` or `failed`.
    public var state: String
    /// Number of sources in the job.
    public var total: Int
    /// Sources finished so far (indexed, unchanged, replaced or failed).
    public var done: Int
    /// Outcome per finished source, in completion order.
    public var outcomes: [IngestResult]
    /// Per-source errors: source and message.
    public var errors: [JobErrorBody]
    /// When the job started (ISO 8601).
    public var started: String
}

/// One failed source of a job.
public struct JobErrorBody: Codable, Sendable, Hashable {
    /// The source as given.
    public var source: String
    /// Why it failed.
    public var message: String
}

/// Runs ingest jobs in the background and remembers their progress.
actor JobQueue {
    private var jobs: [String: JobStatus] = [:]
    private var order: [String] = []
    /// Finished jobs kept for inspection.
    private let keep = 200
    /// Where the queue's depth is shown (`hepchain_job_pending_sources`, `hepchain_jobs_running`).
    private let metrics: Metrics?

    init(metrics: Metrics? = nil) {
        self.metrics = metrics
    }

    private func publishDepth() {
        let running = jobs.values.filter { $0.state == "running" }
        metrics?.recordJobQueue(pendingSources: running.reduce(0) { $0 + $1.total - $1.done }, runningJobs: running.count)
    }

    /// Starts a job over `sources`; `work` ingests one source and never throws (failures are outcomes).
    func start(sources: [String], work: @escaping @Sendable (String) async -> IngestResult) -> JobStatus {
        let id = "job_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        let status = JobStatus(
            id: id, state: "running", total: sources.count, done: 0, outcomes: [], errors: [],
            started: ISO8601DateFormatter().string(from: Date()))
        jobs[id] = status
        order.append(id)
        trim()
        publishDepth()
        Task {
            for source in sources {
                let outcome = await work(source)
                self.record(outcome, job: id)
            }
            self.finish(job: id)
        }
        return status
    }

    /// The job's current state, if known.
    func status(_ id: String) -> JobStatus? { jobs[id] }

    private func record(_ outcome: IngestResult, job id: String) {
        guard var status = jobs[id] else { return }
        status.done += 1
        status.outcomes.append(outcome)
        if outcome.status == "failed" {
            status.errors.append(JobErrorBody(source: outcome.source, message: outcome.error ?? "failed"))
        }
        jobs[id] = status
        publishDepth()
    }

    private func finish(job id: String) {
        guard var status = jobs[id] else { return }
        status.state = status.errors.count == status.total && status.total > 0 ? "failed" : "finished"
        jobs[id] = status
        publishDepth()
    }

    private func trim() {
        while order.count > keep, let oldest = order.first, jobs[oldest]?.state != "running" {
            order.removeFirst()
            jobs[oldest] = nil
        }
    }
}
