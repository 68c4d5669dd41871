import CoreMetrics
import Foundation
import HepChainApp
import Prometheus

/// The server's metrics, rendered in the Prometheus text format at `/metrics`.
///
/// One process-wide `PrometheusCollectorRegistry` holds everything. swift-metrics is bootstrapped with it (once per
/// process, when the first `Metrics` is made), so the lower layers record through the swift-metrics API without
/// importing HTTP code: chain steps (`hepchain_chain_step_seconds{step}`), searches and their stages
/// (`hepchain_search_seconds{mode}`, `hepchain_search_stage_seconds{stage}`), the embedder
/// (`hepchain_embedding_seconds`, `hepchain_embedded_texts_total`) and the LLM client
/// (`hepchain_llm_request_seconds`, `hepchain_llm_time_to_first_token_seconds`, `hepchain_llm_errors_total{kind}`).
/// This type adds HTTP requests, ingest outcomes and job-queue depth, and at each scrape the process
/// (`process_*`), build (`hepchain_build_info`) and knowledge-base gauges.
public final class Metrics: Sendable {
    /// Upper bounds of the latency histograms, in seconds.
    static let buckets: [Duration] = [
        .milliseconds(1), .microseconds(2500), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
        .seconds(30),
    ]

    /// The registry every metric of the process goes to; made and handed to swift-metrics on first use.
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = buckets
        MetricsSystem.bootstrap(factory)
        // Families that exist before their first observation, so dashboards and alerts see 0, not nothing.
        for name in ["hepchain_llm_request_seconds", "hepchain_llm_time_to_first_token_seconds", "hepchain_embedding_seconds"] {
            _ = registry.makeDurationHistogram(name: name, labels: [], buckets: buckets)
        }
        return registry
    }()

    /// The registry (and swift-metrics bootstrapped with it).
    public init() {
        _ = Self.registry
    }

    /// Counts one finished request.
    func recordRequest(method: String, route: String, status: Int, seconds: Double) {
        Self.registry.makeCounter(
            name: "hepchain_http_requests_total", labels: [("method", method), ("route", route), ("status", String(status))],
            help: "HTTP requests by route, method and status."
        ).increment()
        Self.registry.makeDurationHistogram(
            name: "hepchain_http_request_duration_seconds", labels: [("route", route)], buckets: Self.buckets,
            help: "HTTP request latency by route, until the response head."
        ).recordNanoseconds(Int64(seconds * 1e9))
    }

    /// Counts one ingested source by outcome (`indexed`, `unchanged`, `replaced`, `failed`).
    public func recordIngest(status: String) {
        Self.registry.makeCounter(name: "hepchain_ingest_sources_total", labels: [("status", status)], help: "Ingested sources by outcome.")
            .increment()
    }

    /// Sets the job queue's depth: sources waiting in running jobs, and running jobs.
    func recordJobQueue(pendingSources: Int, runningJobs: Int) {
        Self.registry.makeGauge(name: "hepchain_job_pending_sources", help: "Sources of background jobs not yet ingested.")
            .set(Double(pendingSources))
        Self.registry.makeGauge(name: "hepchain_jobs_running", help: "Background ingest jobs running.").set(Double(runningJobs))
    }

    /// The exposition text, with the process, build and knowledge-base gauges taken now.
    func render(stats: KnowledgeStats?, info: SystemInfo) -> String {
        let registry = Self.registry
        let process = ProcessStatistics.current()
        if let rss = process.residentBytes {
            registry.makeGauge(name: "process_resident_memory_bytes", help: "Resident memory size in bytes.").set(Double(rss))
        }
        if let virtual = process.virtualBytes {
            registry.makeGauge(name: "process_virtual_memory_bytes", help: "Virtual memory size in bytes.").set(Double(virtual))
        }
        registry.makeGauge(name: "process_cpu_seconds_total", help: "User and system CPU time spent in seconds.").set(process.cpuSeconds)
        if let descriptors = process.openDescriptors {
            registry.makeGauge(name: "process_open_fds", help: "Number of open file descriptors.").set(Double(descriptors))
        }
        if let limit = process.maxDescriptors {
            registry.makeGauge(name: "process_max_fds", help: "Maximum number of open file descriptors.").set(Double(limit))
        }
        registry.makeGauge(name: "process_start_time_seconds", help: "Start time of the process since the Unix epoch in seconds.")
            .set(ProcessStatistics.startTime)
        registry.makeGauge(
            name: "hepchain_build_info",
            labels: [
                ("version", info.version), ("model", info.model), ("blas_core", info.blasCore), ("vector_kernels", info.vectorKernels),
                ("generator", info.generator),
            ],
            help: "HepChain version, embedding model, BLAS kernel, vector kernels and generator (value 1)."
        ).set(1.0)
        if let stats {
            registry.makeGauge(name: "hepchain_documents", help: "Stored documents.").set(Double(stats.documents))
            registry.makeGauge(name: "hepchain_chunks", help: "Stored chunks.").set(Double(stats.chunks))
            registry.makeGauge(name: "hepchain_index_bytes", help: "Memory used by the vector indexes.").set(Double(stats.indexBytes))
        }
        return registry.emitToString()
    }
}
