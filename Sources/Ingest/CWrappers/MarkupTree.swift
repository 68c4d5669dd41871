import CLibXML2
import Foundation

/// A parsed element: name, attributes and children, detached from libxml2 so the rest of the module is safe Swift.
struct MarkupElement: Sendable {
    /// Lower-case local name for HTML; local name as written for XML.
    var name: String
    /// Namespace URI (XML only).
    var namespace: String?
    /// Attributes by local name.
    var attributes: [String: String]
    /// Child nodes in order.
    var children: [MarkupNode]

    /// Direct child elements named `name` (optionally in `namespace`).
    func elements(named name: String, namespace: String? = nil) -> [MarkupElement] {
        children.compactMap {
            if case .element(let element) = $0, element.name == name, namespace == nil || element.namespace == namespace { return element }
            return nil
        }
    }

    /// The first direct child element named `name`.
    func element(named name: String, namespace: String? = nil) -> MarkupElement? {
        elements(named: name, namespace: namespace).first
    }

    /// All child elements.
    var childElements: [MarkupElement] {
        children.compactMap {
            if case .element(let element) = $0 { return element }
            return nil
        }
    }

    /// Concatenated text of all descendants.
    var textContent: String {
        var result = ""
        appendText(to: &result)
        return result
    }

    private func appendText(to result: inout String) {
        for child in children {
            switch child {
            case .text(let text): result += text
            case .element(let element): element.appendText(to: &result)
            }
        }
    }

    /// Depth-first search for elements matching `predicate`.
    func descendants(where predicate: (MarkupElement) -> Bool) -> [MarkupElement] {
        var found: [MarkupElement] = []
        var stack: [MarkupElement] = [self]
        while let element = stack.popLast() {
            if predicate(element) { found.append(element) }
            stack.append(contentsOf: element.childElements.reversed())
        }
        return found
    }
}

/// A node of a parsed document.
enum MarkupNode: Sendable {
    case element(MarkupElement)
    case text(String)
}

/// The libxml2 boundary: parses HTML or XML with network access and external entities disabled, and copies
/// the tree into `MarkupElement`s. Audited unsafe code; the document handle is freed before returning.
enum MarkupParser {
    /// Elements nested deeper than this are flattened to their text, so hostile nesting cannot exhaust the stack.
    static let maxDepth = 256

    /// Parses HTML, recovering from broken markup; `encoding` is an iconv charset name, or nil to let libxml2 sniff.
    static func parseHTML(_ data: Data, encoding: String?, source: String) throws(IngestError) -> MarkupElement {
        guard data.count < Int(Int32.max) else { throw .tooLarge(source: source, limit: "2 GB") }
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
            | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_COMPACT.rawValue | HTML_PARSE_IGNORE_ENC.rawValue)
        let document: htmlDocPtr? = data.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress?.assumingMemoryBound(to: CChar.self) else { return nil }
            return htmlReadMemory(base, Int32(bytes.count), nil, encoding, options)
        }
        guard let document else { throw .malformed(source: source, reason: "libxml2 could not build an HTML tree") }
        defer { xmlFreeDoc(document) }
        guard let root = xmlDocGetRootElement(document) else { throw .malformed(source: source, reason: "the document has no root element") }
        return convert(root, isHTML: true, depth: 0)
    }

    /// Parses XML without loading DTDs, substituting entities or touching the network.
    static func parseXML(_ data: Data, source: String) throws(IngestError) -> MarkupElement {
        guard data.count < Int(Int32.max) else { throw .tooLarge(source: source, limit: "2 GB") }
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NOCDATA.rawValue)
        let document: xmlDocPtr? = data.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress?.assumingMemoryBound(to: CChar.self) else { return nil }
            return xmlReadMemory(base, Int32(bytes.count), nil, nil, options)
        }
        guard let document else {
            let message = xmlGetLastError().map { String(cString: $0.pointee.message).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "not well-formed XML"
            throw .malformed(source: source, reason: "XML error: \(message)")
        }
        defer { xmlFreeDoc(document) }
        guard let root = xmlDocGetRootElement(document) else { throw .malformed(source: source, reason: "the document has no root element") }
        return convert(root, isHTML: false, depth: 0)
    }

    private static func convert(_ node: xmlNodePtr, isHTML: Bool, depth: Int) -> MarkupElement {
        let rawName = String(cString: node.pointee.name)
        var element = MarkupElement(
            name: isHTML ? rawName.lowercased() : rawName,
            namespace: node.pointee.ns.flatMap { $0.pointee.href }.map { String(cString: $0) },
            attributes: [:],
            children: []
        )
        var attribute = node.pointee.properties
        while let current = attribute {
            let name = String(cString: current.pointee.name)
            if let value = xmlNodeListGetString(node.pointee.doc, current.pointee.children, 1) {
                element.attributes[isHTML ? name.lowercased() : name] = String(cString: value)
                hepchain_xmlFree(value)
            } else {
                element.attributes[name] = ""
            }
            attribute = current.pointee.next
        }
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_ELEMENT_NODE:
                if depth < maxDepth {
                    element.children.append(.element(convert(current, isHTML: isHTML, depth: depth + 1)))
                } else if let content = xmlNodeGetContent(current) {
                    element.children.append(.text(String(cString: content)))
                    hepchain_xmlFree(content)
                }
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content { element.children.append(.text(String(cString: content))) }
            default:
                break  // comments, processing instructions and unexpanded entity references carry no content
            }
            child = current.pointee.next
        }
        return element
    }
}
