import Foundation
public import RAGCore

/// Mean retrieval quality per search mode over an evaluation set, printable as a table.
public struct EvaluationReport: Hashable, Sendable, Codable {
    /// The results of one mode (or one fusion setting).
    public struct Row: Hashable, Sendable, Codable {
        /// Label, e.g. `dense`, `bm25`, `hybrid`, or a fusion setting.
        public var label: String
        /// Mean metrics.
        public var metrics: RetrievalMetrics
        /// Mean search latency in milliseconds (0 when not measured).
        public var meanMilliseconds: Double
        /// Creates a row.
        public init(label: String, metrics: RetrievalMetrics, meanMilliseconds: Double) {
            self.label = label
            self.metrics = metrics
            self.meanMilliseconds = meanMilliseconds
        }
    }
    /// Number of questions.
    public var questions: Int
    /// One row per mode.
    public var rows: [Row]

    /// Creates a report.
    public init(questions: Int, rows: [Row]) {
        self.questions = questions
        self.rows = rows
    }

    /// The row for `mode`, if evaluated.
    public func row(_ mode: SearchMode) -> Row? { rows.first { $0.label == mode.rawValue } }

    /// A fixed-width table: one line per row, columns R@1 R@5 R@10 MRR nDCG@10 ms.
    public var table: String {
        let labelWidth = max(8, rows.map(\.label.count).max() ?? 0)
        func pad(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(0, width - text.count)) }
        func number(_ value: Double) -> String { String(format: "%6.3f", value) }
        var lines = ["\(pad("mode", labelWidth))    R@1    R@5   R@10    MRR nDCG@10      ms   (\(questions) questions)"]
        for row in rows {
            let metrics = row.metrics
            lines.append(
                "\(pad(row.label, labelWidth)) \(number(metrics.recallAt1)) \(number(metrics.recallAt5)) \(number(metrics.recallAt10)) "
                    + "\(number(metrics.reciprocalRank))  \(number(metrics.ndcgAt10)) \(String(format: "%7.1f", row.meanMilliseconds))")
        }
        return lines.joined(separator: "\n")
    }
}
