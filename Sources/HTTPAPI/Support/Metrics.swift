import Foundation
import Synchronization
import HepChainApp

/// Request and ingest counters, rendered in the Prometheus text format at `/metrics`.
public final class Metrics: Sendable {
    /// Upper bounds of the latency histogram, in seconds.
    static let bucketBounds: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]

    private struct RouteKey: Hashable {
        var method: String
        var route: String
        var status: Int
    }

    private struct Histogram {
        var buckets = [Int](repeating: 0, count: Metrics.bucketBounds.count)
        var count = 0
        var sum = 0.0
    }

    private struct State {
        var requests: [RouteKey: Int] = [:]
        var latencies: [String: Histogram] = [:]
        var ingests: [String: Int] = [:]
    }

    private let state = Mutex(State())

    /// Empty counters.
    public init() {}

    /// Counts one finished request.
    func recordRequest(method: String, route: String, status: Int, seconds: Double) {
        state.withLock { state in
            state.requests[RouteKey(method: method, route: route, status: status), default: 0] += 1
            var histogram = state.latencies[route] ?? Histogram()
            for (index, bound) in Metrics.bucketBounds.enumerated() where seconds <= bound {
                histogram.buckets[index] += 1
            }
            histogram.count += 1
            histogram.sum += seconds
            state.latencies[route] = histogram
        }
    }

    /// Counts one ingested source by outcome (`indexed`, `unchanged`, `replaced`, `failed`).
    public func recordIngest(status: String) {
        state.withLock { $0.ingests[status, default: 0] += 1 }
    }

    /// The Prometheus exposition text, with the knowledge-base gauges appended.
    func render(stats: KnowledgeStats?) -> String {
        let snapshot = state.withLock { $0 }
        var lines: [String] = []
        lines.append("# HELP hepchain_http_requests_total HTTP requests by route, method and status.")
        lines.append("# TYPE hepchain_http_requests_total counter")
        for (key, value) in snapshot.requests.sorted(by: { ($0.key.route, $0.key.method, $0.key.status) < ($1.key.route, $1.key.method, $1.key.status) }) {
            lines.append(#"hepchain_http_requests_total{method="\#(key.method)",route="\#(escape(key.route))",status="\#(key.status)"} \#(value)"#)
        }
        lines.append("# HELP hepchain_http_request_duration_seconds HTTP request latency by route.")
        lines.append("# TYPE hepchain_http_request_duration_seconds histogram")
        for (route, histogram) in snapshot.latencies.sorted(by: { $0.key < $1.key }) {
            let label = escape(route)
            for (index, bound) in Metrics.bucketBounds.enumerated() {
                lines.append(#"hepchain_http_request_duration_seconds_bucket{route="\#(label)",le="\#(bound)"} \#(histogram.buckets[index])"#)
            }
            lines.append(#"hepchain_http_request_duration_seconds_bucket{route="\#(label)",le="+Inf"} \#(histogram.count)"#)
            lines.append(#"hepchain_http_request_duration_seconds_sum{route="\#(label)"} \#(histogram.sum)"#)
            lines.append(#"hepchain_http_request_duration_seconds_count{route="\#(label)"} \#(histogram.count)"#)
        }
        lines.append("# HELP hepchain_ingest_sources_total Ingested sources by outcome.")
        lines.append("# TYPE hepchain_ingest_sources_total counter")
        for (status, value) in snapshot.ingests.sorted(by: { $0.key < $1.key }) {
            lines.append(#"hepchain_ingest_sources_total{status="\#(status)"} \#(value)"#)
        }
        if let stats {
            lines.append("# HELP hepchain_documents Stored documents.")
            lines.append("# TYPE hepchain_documents gauge")
            lines.append("hepchain_documents \(stats.documents)")
            lines.append("# HELP hepchain_chunks Stored chunks.")
            lines.append("# TYPE hepchain_chunks gauge")
            lines.append("hepchain_chunks \(stats.chunks)")
            lines.append("# HELP hepchain_index_bytes Memory used by the vector indexes.")
            lines.append("# TYPE hepchain_index_bytes gauge")
            lines.append("hepchain_index_bytes \(stats.indexBytes)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}
