public import RAGCore

/// A chat prompt with `{{variable}}` placeholders: a system message and a user message.
///
/// Variables: `{{question}}`, `{{sources}}` (numbered `[1] …`), `{{history}}`, `{{language}}`, and for the
/// map-reduce and fission prompts `{{input}}`, `{{document}}`, `{{topic}}`. `{{#history}}…{{/history}}`
/// renders its body only when `history` is not empty, `{{^history}}…{{/history}}` only when it is.
///
/// Usage example:
/// ```swift
/// let template = try PromptTemplate(name: "terse", system: "Answer from the sources.", user: "{{sources}}\n\nQ: {{question}}")
/// let messages = template.render(["question": "What is m_H?", "sources": "[1] …"])
/// ```
public struct PromptTemplate: Hashable, Sendable, Codable {
    /// Name by which chains refer to the template.
    public var name: String
    /// The system message; empty means none is sent.
    public var system: String
    /// The user message.
    public var user: String

    /// Variables a template may use.
    public static let variables: Set<String> = ["question", "sources", "history", "language", "input", "document", "topic"]

    /// Creates a template, checking that its placeholders are known and its sections balanced.
    public init(name: String, system: String, user: String) throws(ChainError) {
        self.name = name
        self.system = system
        self.user = user
        try Self.validate(system, name: name)
        try Self.validate(user, name: name)
    }

    /// The rendered messages: system (when not empty), then user.
    public func render(_ values: [String: String]) -> [ChatMessage] {
        var messages: [ChatMessage] = []
        let systemText = Self.render(system, values).trimmingWhitespace()
        if !systemText.isEmpty { messages.append(ChatMessage(role: .system, content: systemText)) }
        messages.append(ChatMessage(role: .user, content: Self.render(user, values).trimmingWhitespace()))
        return messages
    }

    // MARK: - Rendering

    private enum Token: Equatable {
        case text(String)
        case variable(String)
        case open(String, inverted: Bool)
        case close(String)
    }

    private static func tokens(_ text: String) -> [Token] {
        var result: [Token] = []
        var rest = Substring(text)
        while let open = rest.firstRange(of: "{{") {
            if open.lowerBound > rest.startIndex { result.append(.text(String(rest[..<open.lowerBound]))) }
            let afterOpen = rest[open.upperBound...]
            guard let close = afterOpen.firstRange(of: "}}") else {
                result.append(.text(String(rest[open.lowerBound...])))
                return result
            }
            let tag = String(afterOpen[..<close.lowerBound]).trimmingWhitespace()
            if tag.hasPrefix("#") {
                result.append(.open(String(tag.dropFirst()).trimmingWhitespace(), inverted: false))
            } else if tag.hasPrefix("^") {
                result.append(.open(String(tag.dropFirst()).trimmingWhitespace(), inverted: true))
            } else if tag.hasPrefix("/") {
                result.append(.close(String(tag.dropFirst()).trimmingWhitespace()))
            } else {
                result.append(.variable(tag))
            }
            rest = afterOpen[close.upperBound...]
        }
        if !rest.isEmpty { result.append(.text(String(rest))) }
        return result
    }

    private static func validate(_ text: String, name: String) throws(ChainError) {
        var openSections: [String] = []
        for token in tokens(text) {
            switch token {
            case .text:
                continue
            case .variable(let variable), .open(let variable, _):
                guard variables.contains(variable) else {
                    throw .invalidTemplate(name: name, problem: "unknown variable '{{\(variable)}}' (known: \(variables.sorted().joined(separator: ", ")))")
                }
                if case .open = token { openSections.append(variable) }
            case .close(let variable):
                guard openSections.last == variable else {
                    throw .invalidTemplate(name: name, problem: "'{{/\(variable)}}' closes a section that is not open")
                }
                openSections.removeLast()
            }
        }
        if let unclosed = openSections.last {
            throw .invalidTemplate(name: name, problem: "section '{{#\(unclosed)}}' is never closed")
        }
    }

    private static func render(_ text: String, _ values: [String: String]) -> String {
        var output = ""
        // Each entry says whether the enclosing section renders; a section inside a hidden one stays hidden.
        var visible: [Bool] = [true]
        for token in tokens(text) {
            let isVisible = visible.last ?? true
            switch token {
            case .text(let text):
                if isVisible { output += text }
            case .variable(let variable):
                if isVisible { output += values[variable] ?? "" }
            case .open(let variable, let inverted):
                let isEmpty = (values[variable] ?? "").trimmingWhitespace().isEmpty
                visible.append(isVisible && (inverted ? isEmpty : !isEmpty))
            case .close:
                if visible.count > 1 { visible.removeLast() }
            }
        }
        return output
    }
}
