import RAGCore
import Testing
import TestSupport

@testable import Chain

@Suite("Prompt templates")
struct PromptTemplateTests {
    @Test("Variables are substituted and sections render only when their variable is set")
    func rendering() throws {
        let template = try PromptTemplate(
            name: "t", system: "Reply in {{language}}.",
            user: "{{#history}}History:\n{{history}}\n{{/history}}{{^history}}No history.\n{{/history}}Q: {{ question }}")
        let withHistory = template.render(["language": "English", "history": "User: hi", "question": "Why?"])
        #expect(withHistory == [ChatMessage(role: .system, content: "Reply in English."), ChatMessage(role: .user, content: "History:\nUser: hi\nQ: Why?")])
        let without = template.render(["language": "English", "question": "Why?"])
        #expect(without.last?.content == "No history.\nQ: Why?")
    }

    @Test("An empty system text sends no system message")
    func emptySystem() throws {
        let template = try PromptTemplate(name: "t", system: "", user: "{{question}}")
        #expect(template.render(["question": "Q"]) == [ChatMessage(role: .user, content: "Q")])
    }

    @Test("Unknown variables and unbalanced sections are rejected", arguments: ["{{questoin}}", "{{#history}}open", "{{/history}}", "{{#sources}}{{/history}}"])
    func invalidTemplates(_ text: String) {
        #expect(throws: ChainError.self) { try PromptTemplate(name: "bad", system: "", user: text) }
    }

    @Test("The default QA prompt numbers the sources with title, arXiv id, page and section, and asks for the question's language")
    func defaultPrompt() async throws {
        let generator = ScriptedGenerator { _ in "ok" }
        let executor = ChainExecutor(retriever: InMemoryRetriever(), generator: generator)
        var state = ChainState(question: "希格斯玻色子的质量是多少？")
        state.sources = Array(FakeCorpus.chunks.prefix(2))
        _ = try await PromptStep(template: BuiltInTemplates.qa).run(&state, context: executor.context)
        let system = state.messages[0].content
        #expect(system.contains("using only the numbered sources"))
        #expect(system.contains("[1]"))
        #expect(system.contains("The indexed documents do not answer this."))
        #expect(system.contains("Reply in Chinese (简体中文)."))
        let user = state.messages[1].content
        #expect(user.contains("[1] Combined Measurement of the Higgs Boson Mass"))
        #expect(user.contains("(arXiv:1503.07589, p. 1, §Abstract)"))
        #expect(user.contains("[2] Combined Measurement of the Higgs Boson Mass in pp Collisions at √s = 7 and 8 TeV with the ATLAS and CMS Experiments (arXiv:1503.07589, p. 5, §4 Results)"))
        #expect(user.hasSuffix("Question: 希格斯玻色子的质量是多少？"))
    }

    @Test("Language follows the share of CJK characters, not their mere presence")
    func languageDetection() {
        #expect(TextAnalysis.language(of: "What does 北京谱仪 measure at BEPCII in its charm programme?") == "en")
        #expect(TextAnalysis.language(of: "BESIII 的亮度是多少？") == "zh")
        #expect(TextAnalysis.language(of: "希格斯玻色子的质量是多少？") == "zh")
        #expect(TextAnalysis.language(of: "125.09 GeV") == "en")
    }
}
