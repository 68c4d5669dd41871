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

/// A job as stored on disk: its status, the sources it was given, and the process that ran it.
struct JobRecord: Codable, Sendable {
    var status: JobStatus
    var sources: [String]
    /// Process id of the server that ran the job; a running job whose process is gone was interrupted.
    var processID: Int32
}

/// Runs ingest jobs in the background and remembers their progress, in memory and as one JSON file per job
/// in `<data>/jobs/`, written at the start, after every source and at the end (write to a temporary file,
/// then rename). A server killed during a job (kill -9, power loss) finds the record on restart and reports
/// the job failed with the sources it did not finish, so an accepted 202 never vanishes.
actor JobQueue {
    private var jobs: [String: JobStatus] = [:]
    private var sources: [String: [String]] = [:]
    private var order: [String] = []
    /// Finished jobs kept for inspection.
    private let keep = 200
    /// Where job records are kept; nil: memory only.
    private let folder: URL?

    /// Where the queue's depth is shown (`hepchain_job_pending_sources`, `hepchain_jobs_running`).
    private let metrics: Metrics?

    /// A queue that keeps its records in `folder` (created on first write) and reads those already there.
    init(folder: URL? = nil, metrics: Metrics? = nil) {
        self.folder = folder
        self.metrics = metrics
        guard let folder, let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
        var records: [JobRecord] = []
        for name in names where name.hasPrefix("job_") && name.hasSuffix(".json") {
            guard let data = try? Data(contentsOf: folder.appendingPathComponent(name)),
                var record = try? JSONDecoder().decode(JobRecord.self, from: data)
            else { continue }
            if record.status.state == "running" && Self.isGone(record.processID) {
                record = Self.interrupted(record)
                Self.write(record, to: folder)
            }
            records.append(record)
        }
        for record in records.sorted(by: { $0.status.started < $1.status.started }).suffix(keep) {
            jobs[record.status.id] = record.status
            sources[record.status.id] = record.sources
            order.append(record.status.id)
        }
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
        self.sources[id] = sources
        order.append(id)
        save(id)
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
        save(id)
        publishDepth()
    }

    private func finish(job id: String) {
        guard var status = jobs[id] else { return }
        status.state = status.errors.count == status.total && status.total > 0 ? "failed" : "finished"
        jobs[id] = status
        save(id)
        publishDepth()
    }

    private func trim() {
        while order.count > keep, let oldest = order.first, jobs[oldest]?.state != "running" {
            order.removeFirst()
            jobs[oldest] = nil
            sources[oldest] = nil
            if let folder { try? FileManager.default.removeItem(at: folder.appendingPathComponent("\(oldest).json")) }
        }
    }

    private func save(_ id: String) {
        guard let folder, let status = jobs[id] else { return }
        Self.write(JobRecord(status: status, sources: sources[id] ?? [], processID: getpid()), to: folder)
    }

    /// Writes a record atomically. A data folder that cannot be written (read-only, full) keeps jobs in memory
    /// only: the upload itself reports that failure.
    private static func write(_ record: JobRecord, to folder: URL) {
        guard let data = try? JSONEncoder().encode(record) else { return }
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try? data.write(to: folder.appendingPathComponent("\(record.status.id).json"), options: .atomic)
    }

    /// Whether the process that ran a job (or wrote an upload's scratch file) has ended; another process's
    /// jobs and files, e.g. a second server's on the same data, are left alone while it lives.
    static func isGone(_ processID: Int32) -> Bool {
        processID != getpid() && kill(processID, 0) != 0 && errno == ESRCH
    }

    /// A running job whose server stopped: failed, with an error for every source it did not finish.
    private static func interrupted(_ record: JobRecord) -> JobRecord {
        var record = record
        let finished = Set(record.status.outcomes.map(\.source))
        for source in record.sources.dropFirst(record.status.done) where !finished.contains(source) {
            record.status.errors.append(
                JobErrorBody(source: source, message: "The server stopped while this job ran; '\(source)' was not indexed. Add it again."))
        }
        record.status.done = record.status.total
        record.status.state = "failed"
        return record
    }
}
