/// A step's parameters from a chain file, read with typed accessors that explain what is wrong.
package struct StepParameters: Sendable {
    /// The parameters as the file gives them, without the `step` key.
    package var values: [String: JSONValue]
    /// Wraps a step's parameters.
    package init(_ values: [String: JSONValue]) { self.values = values }

    /// Fails when the file sets a parameter the step does not know (a typo would otherwise be ignored).
    package func requireOnly(_ known: Set<String>) throws(StepParameterProblem) {
        if let unknown = values.keys.sorted().first(where: { !known.contains($0) }) {
            throw StepParameterProblem("unknown parameter '\(unknown)' (known: \(known.sorted().joined(separator: ", ")))")
        }
    }

    /// A whole number in `range`, or `value` when absent.
    package func int(_ key: String, default value: Int, in range: ClosedRange<Int>) throws(StepParameterProblem) -> Int {
        guard let raw = values[key] else { return value }
        guard case .number(let number) = raw, number == number.rounded(), let result = Int(exactly: number) else {
            throw StepParameterProblem("parameter '\(key)' must be a whole number, not \(raw.typeName)")
        }
        guard range.contains(result) else {
            throw StepParameterProblem("parameter '\(key)' must be between \(range.lowerBound) and \(range.upperBound), not \(result)")
        }
        return result
    }

    /// A number in `range`, or `value` when absent.
    package func double(_ key: String, default value: Double, in range: ClosedRange<Double>) throws(StepParameterProblem) -> Double {
        guard let raw = values[key] else { return value }
        guard case .number(let number) = raw else {
            throw StepParameterProblem("parameter '\(key)' must be a number, not \(raw.typeName)")
        }
        guard range.contains(number) else {
            throw StepParameterProblem("parameter '\(key)' must be between \(range.lowerBound) and \(range.upperBound), not \(number)")
        }
        return number
    }

    /// A boolean, or `value` when absent.
    package func bool(_ key: String, default value: Bool) throws(StepParameterProblem) -> Bool {
        guard let raw = values[key] else { return value }
        guard case .bool(let flag) = raw else { throw StepParameterProblem("parameter '\(key)' must be true or false, not \(raw.typeName)") }
        return flag
    }

    /// A string, or nil when absent.
    package func string(_ key: String) throws(StepParameterProblem) -> String? {
        guard let raw = values[key] else { return nil }
        guard case .string(let text) = raw else { throw StepParameterProblem("parameter '\(key)' must be a string, not \(raw.typeName)") }
        return text
    }

    /// One of `choices`, or `value` when absent.
    package func choice(_ key: String, default value: String, from choices: [String]) throws(StepParameterProblem) -> String {
        guard let text = try string(key) else { return value }
        guard choices.contains(text) else {
            throw StepParameterProblem("parameter '\(key)' must be one of \(choices.joined(separator: ", ")), not '\(text)'")
        }
        return text
    }
}

/// Why a step's parameters are invalid; the chain loader adds the file, chain and step.
package struct StepParameterProblem: Error {
    /// What is wrong, e.g. "parameter 'k' must be a whole number, not a string".
    package var message: String
    /// Creates a problem.
    package init(_ message: String) { self.message = message }
}
