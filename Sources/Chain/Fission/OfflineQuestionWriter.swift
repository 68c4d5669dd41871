import RAGCore

/// The kinds of question the newcomer asks, so a set covers more than "what is X?".
public enum FissionQuestionKind: String, Hashable, Sendable, Codable, CaseIterable {
    case definition, value, method, reason, comparison, who, when, location
}

/// A question the newcomer wrote, with the evidence sentence it was written from.
struct DraftQuestion: Sendable {
    /// The question in the run's language.
    var text: String
    /// The same question in English (what the offline expert is asked: the index is English).
    var english: String
    var kind: FissionQuestionKind
    /// The sentence the question was written from (its answer).
    var evidence: String
    var passage: RetrievedChunk
}

/// The offline newcomer: writes grammatical questions from evidence sentences of the retrieved passages.
///
/// Only whole sentences qualify (`ExtractiveGenerator.form(of:) == .sentence`): reference entries, author and
/// affiliation lists, captions, table rows and fragments never become questions, and passages of a
/// reference or acknowledgement section are skipped. Each sentence is parsed as `subject + is/are/was/were
/// + rest` (or `subject + has + a <attribute> of <number>`) and turned into one of the kinds:
///
/// | sentence | question |
/// |---|---|
/// | "The LUX experiment is a dark matter search …" | What is the LUX experiment? (definition) |
/// | "The combined mass of the Higgs boson is 125.09 GeV." | What is the combined mass of the Higgs boson? (value) |
/// | "The detector has a diameter of 100 mm." | What is the diameter of the detector? (value) |
/// | "The background is estimated from sidebands." | How is the background estimated? (method) |
/// | "Events are vetoed to reduce the background." | Why are events vetoed? (reason) |
/// | "The four-lepton width is smaller than the diphoton width." | How does the four-lepton width compare with the diphoton width? |
/// | "The data were recorded in 2015 by ATLAS." | When were the data recorded? / Who recorded the data? |
///
/// A Chinese run writes the same kinds with Chinese question templates around the English terms
/// ("什么是 the LUX experiment？", "the combined mass of the Higgs boson的数值是多少？").
enum OfflineQuestionWriter {
    static func questions(
        from passages: [RetrievedChunk], count: Int, language: String, used: inout Set<String>, kindCounts: [FissionQuestionKind: Int]
    ) -> [DraftQuestion] {
        var candidates: [DraftQuestion] = []
        for passage in passages where !ExtractiveGenerator.isReferenceSection(passage) {
            for sentence in TextAnalysis.sentences(in: passage.chunk.text) where !used.contains(sentence) {
                guard ExtractiveGenerator.form(of: sentence) == .sentence else { continue }
                for draft in drafts(from: sentence, passage: passage, language: language) { candidates.append(draft) }
            }
        }
        // Rarest kind first, one question per sentence and per passage while others remain.
        var chosen: [DraftQuestion] = []
        var counts = kindCounts
        var usedPassages = Set<ChunkID>()
        while chosen.count < count, !candidates.isEmpty {
            let fresh = candidates.filter { !usedPassages.contains($0.passage.chunk.id) }
            let pool = fresh.isEmpty ? candidates : fresh
            guard let pick = pool.min(by: { counts[$0.kind, default: 0] < counts[$1.kind, default: 0] }) else { break }
            chosen.append(pick)
            counts[pick.kind, default: 0] += 1
            usedPassages.insert(pick.passage.chunk.id)
            used.insert(pick.evidence)
            candidates.removeAll { $0.evidence == pick.evidence }
        }
        return chosen
    }

    // MARK: - Parsing

    private static let pronouns: Set<String> = [
        "this", "it", "that", "these", "those", "there", "which", "we", "they", "he", "she", "its", "their", "our", "such", "here", "one",
        "in", "at", "for", "on", "with", "from", "by", "to", "of", "after", "since", "when", "if", "as", "while", "although", "however", "once", "because", "unless", "until",
        "thus", "therefore", "moreover", "furthermore", "also", "both", "each", "all", "other", "another", "most", "some", "any", "no",
    ]
    private static let methodPrepositions: Set<String> = ["using", "with", "by", "from", "through", "via", "within"]
    private static let reasonMarks = [
        " because ", " due to ", " in order to ", " so that ", " to reduce ", " to suppress ", " to avoid ", " to improve ", " to ensure ",
        " to account for ", " to remove ", " to minimise ", " to minimize ", " to increase ",
    ]
    private static let comparatives: Set<String> = [
        "higher", "lower", "larger", "smaller", "better", "worse", "greater", "faster", "slower", "heavier", "lighter", "stronger",
        "weaker", "wider", "narrower", "longer", "shorter",
    ]
    private static let irregularPast: [String: String] = [
        "built": "built", "driven": "drove", "made": "made", "found": "found", "led": "led", "written": "wrote", "taken": "took", "given": "gave",
        "chosen": "chose", "done": "did", "run": "ran", "shown": "showed", "seen": "saw", "set": "set", "held": "held", "known": "knew",
    ]
    private static let valueLeadWords: Set<String> = [
        "measured", "found", "determined", "estimated", "calculated", "computed", "obtained", "set", "to", "be", "about", "approximately",
        "roughly", "around", "of", "at", "below", "above", "less", "more", "than", "=", "≈", "~", "equal", "typically", "only", "just",
    ]
    private static let chineseVerbs: [String: String] = [
        "measured": "测量", "estimated": "估计", "reconstructed": "重建", "determined": "确定", "selected": "选择", "calibrated": "刻度",
        "obtained": "得到", "performed": "进行", "used": "使用", "computed": "计算", "calculated": "计算", "simulated": "模拟",
        "modelled": "建模", "modeled": "建模", "identified": "鉴别", "suppressed": "压低", "extracted": "提取", "derived": "推导",
        "combined": "合并", "evaluated": "评估", "generated": "生成", "applied": "应用", "detected": "探测", "recorded": "记录",
        "built": "建造", "developed": "开发", "designed": "设计", "observed": "观测", "produced": "产生", "collected": "收集",
        "constructed": "建造", "operated": "运行", "installed": "安装", "tested": "测试", "proposed": "提出", "discovered": "发现",
        "trained": "训练", "optimised": "优化", "optimized": "优化", "corrected": "修正", "removed": "去除", "rejected": "排除",
        "excluded": "排除", "required": "要求", "defined": "定义", "described": "描述", "studied": "研究", "normalised": "归一化",
        "normalized": "归一化", "subtracted": "扣除", "deduced": "推断", "assigned": "指定", "characterized": "表征",
        "characterised": "表征", "fitted": "拟合", "parametrised": "参数化", "parametrized": "参数化", "smeared": "展宽",
        "reweighted": "重新加权", "weighted": "加权", "validated": "验证", "implemented": "实现", "cooled": "冷却", "purified": "纯化",
        "based": "基于", "chosen": "选择", "introduced": "引入", "employed": "采用", "needed": "需要", "tuned": "调节", "located": "位于",
        "placed": "放置", "mounted": "安装", "taken": "采集", "carried": "开展", "conducted": "开展",
        "treated": "处理", "adopted": "采用", "approximated": "近似", "expressed": "表示", "assumed": "假设",
        "dominated": "主导", "limited": "限制", "driven": "驱动", "affected": "影响", "caused": "引起", "surrounded": "包围",
        "provided": "提供", "covered": "覆盖", "constrained": "约束", "governed": "支配", "controlled": "控制",
        "mediated": "传递", "induced": "诱发", "triggered": "触发", "enhanced": "增强", "bounded": "限定", "motivated": "推动",
        "supported": "支持", "complemented": "补充", "replaced": "取代",
    ]
    /// Verbs whose "to + verb" after a passive clause states its purpose ("… is mixed with krypton to enhance …").
    private static let purposeVerbs: Set<String> = [
        "enhance", "reduce", "suppress", "avoid", "improve", "ensure", "increase", "remove", "minimise", "minimize", "maximise", "maximize",
        "select", "identify", "reject", "estimate", "determine", "measure", "constrain", "validate", "check", "correct", "probe", "obtain",
        "separate", "distinguish", "prevent", "mitigate", "compensate", "extend", "simplify", "evaluate", "compute", "calculate", "match",
        "recover", "retain", "achieve", "exploit", "reconstruct", "calibrate", "verify", "assess", "quantify", "extract", "derive",
        "lower", "raise", "boost", "reweight", "stabilise", "stabilize", "purify", "shield", "protect", "isolate", "mimic", "emulate",
    ]
    /// Participles whose "by" names what causes, bounds or makes up the subject, not a method: "dominated by", "limited by".
    private static let agentVerbs: Set<String> = [
        "dominated", "limited", "driven", "affected", "caused", "surrounded", "provided", "covered", "determined", "constrained",
        "characterised", "characterized", "governed", "controlled", "mediated", "induced", "triggered", "enhanced",
        "bounded", "motivated", "supported", "complemented", "replaced",
    ]
    /// Participles that point at a figure, a table or an equation ("shown in Figure 3", "given by Eq. 2"): no question.
    private static let figureVerbs: Set<String> = [
        "shown", "indicated", "denoted", "represented", "displayed", "illustrated", "depicted", "plotted", "marked", "drawn", "given",
        "summarised", "summarized", "listed", "labelled", "labeled", "presented", "reported", "visualised", "visualized", "overlaid",
    ]
    private static let modals: Set<String> = ["can", "could", "may", "might", "must", "should", "will"]
    /// Participles that, followed by "as", say how a quantity is obtained ("The uncertainty is taken as the difference …").
    private static let quantifyingParticiples: Set<String> = [
        "taken", "estimated", "computed", "calculated", "determined", "evaluated", "obtained", "assigned", "parametrised", "parametrized",
        "parameterized", "modelled", "modeled", "treated", "approximated", "expressed", "extracted", "derived",
    ]
    /// Verbs after "We", with their participle and whether the form is past: "We estimate X from …" → "How is X estimated?".
    private static let authorVerbs: [String: (String, Bool)] = {
        let regular = [
            "use": "used", "estimate": "estimated", "measure": "measured", "determine": "determined", "select": "selected",
            "calibrate": "calibrated", "obtain": "obtained", "perform": "performed", "compute": "computed", "calculate": "calculated",
            "simulate": "simulated", "identify": "identified", "extract": "extracted", "derive": "derived", "evaluate": "evaluated",
            "generate": "generated", "apply": "applied", "reconstruct": "reconstructed", "fit": "fitted", "normalise": "normalised",
            "normalize": "normalized", "subtract": "subtracted", "correct": "corrected", "define": "defined", "train": "trained",
            "optimise": "optimised", "optimize": "optimized", "employ": "employed", "implement": "implemented", "introduce": "introduced",
            "construct": "constructed", "parametrise": "parametrised", "parametrize": "parametrized", "reweight": "reweighted",
            "validate": "validated", "adopt": "adopted", "treat": "treated", "model": "modelled", "approximate": "approximated",
            "express": "expressed", "suppress": "suppressed", "remove": "removed", "reject": "rejected", "exclude": "excluded",
        ]
        var table: [String: (String, Bool)] = ["choose": ("chosen", false), "chose": ("chosen", true), "take": ("taken", false), "took": ("taken", true)]
        for (base, participle) in regular {
            table[base] = (participle, false)
            table[participle] = (participle, true)
        }
        return table
    }()
    /// Participles whose "to + verb" states a purpose: "The BDT is trained to separate …" → "What is the BDT trained for?"
    /// ("required to have", "needed to pass" state a condition, not a purpose.)
    private static let purposeParticiples: Set<String> = [
        "used", "designed", "developed", "built", "optimised", "optimized", "chosen", "applied", "introduced", "employed",
        "constructed", "installed", "trained", "tuned", "proposed", "implemented", "added", "performed", "placed", "mounted",
    ]

    /// The question drafts one evidence sentence yields (usually none or one, two for "was X-ed in YEAR by Y").
    static func drafts(from sentence: String, passage: RetrievedChunk, language: String) -> [DraftQuestion] {
        let clean = CitationResolver.removingMarkers(sentence).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard clean.count <= 320, !clean.contains("…"), !clean.contains("?") else { return [] }
        var words = withoutDiscourseMarker(clean.split(separator: " ").map(String.init))
        // "We find that the background is …": the reported clause is the statement.
        if let clause = reportedClause(words) { words = withoutDiscourseMarker(clause) }
        let direct = clauseDrafts(words, sentence: sentence, passage: passage, language: language)
        guard direct.isEmpty, let (phrase, clause) = frontedPhrase(words) else { return direct }
        // "In the diphoton channel, the background is estimated from …" → "In the diphoton channel, how is the
        // background estimated?": the fronted phrase stays, so the question names what it asks about.
        return clauseDrafts(clause, sentence: sentence, passage: passage, language: language, isScoped: true).compactMap { draft in
            scoped(draft, by: phrase, language: language)
        }
    }

    /// The questions of a main clause (a sentence without its connective, reporting verb or fronted phrase).
    /// `isScoped`: a fronted phrase names the context, so a one-word subject ("the background") is specific enough.
    private static func clauseDrafts(
        _ words: [String], sentence: String, passage: RetrievedChunk, language: String, isScoped: Bool = false
    ) -> [DraftQuestion] {
        if let active = activeDraft(words, sentence: sentence, passage: passage, language: language) { return [active] }
        if words.first == "We" || words.first == "we" {
            return build(authorsQuestions(words, passage: passage, language: language), sentence: sentence, passage: passage, language: language)
        }
        // "X can be estimated from …" → "How can X be estimated?": a modal passive asks for a method, a reason or a purpose.
        if let modalIndex = words.prefix(11).firstIndex(where: { modals.contains($0) }), modalIndex >= 1, modalIndex + 2 < words.count,
            words[modalIndex + 1] == "be",
            !words[..<modalIndex].contains(where: { ["is", "are", "was", "were", "has", "have"].contains($0) })
        {
            guard let subject = subjectPhrase(Array(words[..<modalIndex]), passage: passage.chunk.text, minimumContent: 2),
                subjectContentCount(subject) >= 2 || subject.split(separator: " ").contains(where: { $0.filter(\.isUppercase).count >= 2 })
            else { return [] }
            let rest = Array(words[(modalIndex + 2)...]).map { $0.trimming(charactersIn: ".,;:") }
            guard let participle = participle(rest) else { return [] }
            let found = passiveQuestions(rest, participle: participle, subject: subject, aux: words[modalIndex], be: "be ", language: language)
            return build(found, sentence: sentence, passage: passage, language: language)
        }
        guard let foundAux = words.prefix(11).firstIndex(where: { ["is", "are", "was", "were", "has", "have"].contains($0) }), foundAux >= 1 else { return [] }
        var auxIndex = foundAux
        var aux = words[auxIndex]
        // "X has been measured using …" is asked as "How was X measured?".
        var subjectWords = Array(words[..<auxIndex])
        if aux == "has" || aux == "have", auxIndex + 2 < words.count, words[auxIndex + 1] == "been" {
            aux = aux == "has" ? "was" : "were"
            auxIndex += 1
            subjectWords = Array(words[..<(auxIndex - 1)])
        }
        // A one-word subject ("the combination") is specific enough for an attribute ("has a diameter of"), a
        // method, a reason or a date; definitions, values and comparisons need two content words or a name.
        guard let subject = subjectPhrase(subjectWords, passage: passage.chunk.text, minimumContent: 1) else { return [] }
        let specific = isScoped || subjectContentCount(subject) >= 2 || subject.split(separator: " ").contains { $0.filter(\.isUppercase).count >= 2 }
        let rest = Array(words[(auxIndex + 1)...]).map { $0.trimming(charactersIn: ".,;:") }
        guard let first = rest.first?.lowercased() else { return [] }
        let restText = " " + rest.joined(separator: " ").lowercased() + " "
        let plural = aux == "are" || aux == "were" || aux == "have"
        var found: [(FissionQuestionKind, String, String)] = []  // kind, English, Chinese

        if aux == "has" || aux == "have" {
            // "The detector has a diameter of 100 mm." → "What is the diameter of the detector?"
            guard ["a", "an"].contains(first), let ofIndex = rest.firstIndex(of: "of"), ofIndex >= 2, ofIndex <= 4, ofIndex + 1 < rest.count,
                rest[ofIndex + 1].first?.isNumber == true || rest[ofIndex + 1].first == "−" || rest[ofIndex + 1] == "about"
            else { return [] }
            let attribute = rest[1..<ofIndex].joined(separator: " ")
            guard attribute.allSatisfy({ $0.isLetter || $0 == " " || $0 == "-" }) else { return [] }
            found.append((.value, "What is the \(attribute) of \(subject)?", "\(bare(subject))的\(attribute)是多少？"))
            return build(found, sentence: sentence, passage: passage, language: language)
        }

        let numberIndex = rest.prefix(7).firstIndex(where: { $0.first?.isNumber == true || $0.hasPrefix("−") && $0.count > 1 })
        let beVerb = plural ? "are" : "is"
        let pastBe = aux == "was" || aux == "were" ? aux : beVerb

        if !specific {
            // "How is the fit performed?" names no fit: rated unusable (docs/chain.md, rated sample).
            return []
        } else if ["a", "an"].contains(first) || first == "the" && numberIndex == nil && !restText.contains(" than ") && rest.count >= 4 {
            // "BESIII is a general-purpose detector …" → "What is BESIII?"
            if subjectContentCount(subject) >= 1, aux == "is" || aux == "are" {
                found.append((.definition, "What \(beVerb) \(subject)?", "什么是\(bare(subject))？"))
            }
        } else if let numberIndex, rest[..<numberIndex].allSatisfy({ valueLeadWords.contains($0.lowercased()) || $0.count <= 2 && $0 != "in" && $0 != "by" }) {
            // "… is m H = 125.09 GeV": a symbol before the value is part of the value.
            // "The combined measured mass of the Higgs boson is m_H = 125.09 GeV" has "m_H =" before the number.
            found.append((.value, "What \(beVerb) \(subject)?", "\(bare(subject))的数值是多少？"))
        } else if rest.count >= 3, rest[0].hasPrefix("m_") || rest[0].count <= 3 && rest.count > 2 && rest[1] == "=" {
            found.append((.value, "What \(beVerb) \(subject)?", "\(bare(subject))的数值是多少？"))
        } else if let comparative = rest.prefix(4).firstIndex(where: { comparatives.contains($0.lowercased()) }),
            let than = rest.firstIndex(of: "than"), than > comparative, than - comparative <= 3
        {
            var other: [String] = []
            for word in sentenceWords(words.joined(separator: " "), after: than + auxIndex + 1) {
                if word.contains(where: \.isNumber) || other.count == 8 { break }
                other.append(word.trimming(charactersIn: ".,;:"))
                if word.last.map({ ".,;:".contains($0) }) == true { break }
            }
            if subjectContentCount(other.joined(separator: " ")) >= 1, !other.contains(where: { $0.contains(where: \.isNumber) }) {
                let otherText = other.joined(separator: " ")
                found.append((.comparison, "How \(plural ? "do" : "does") \(subject) compare with \(otherText)?", "\(bare(subject))与\(bare(otherText))相比如何？"))
            }
        } else if let due = rest.prefix(2).firstIndex(of: "due"), due + 3 < rest.count, rest[due + 1].lowercased() == "to",
            due == 0 || ["mainly", "mostly", "largely", "partly", "primarily", "entirely"].contains(rest[0].lowercased())
        {
            // "The multijet background is mainly due to mismeasured jets" → "What causes the multijet background?"
            found.append((.reason, "What causes \(subject)?", "\(bare(subject))是由什么引起的？"))
        } else if let participle = participle(rest) {
            found += passiveQuestions(rest, participle: participle, subject: subject, aux: pastBe, be: "", language: language)
        }
        return build(found, sentence: sentence, passage: passage, language: language)
    }

    /// The questions of a passive clause `subject + aux + [be] + participle + rest`: when, who, why, how, then a
    /// purpose, basis, definition or place. `be` is "be " after a modal ("How can X be estimated?"), which asks
    /// for a method, a reason or a purpose only.
    private static func passiveQuestions(
        _ rest: [String], participle: Int, subject: String, aux: String, be: String, language: String
    ) -> [(FissionQuestionKind, String, String)] {
        let verb = rest[participle]
        // "found empirically by measuring …", "obtained directly from …": the adverb does not change the question.
        var afterIndex = participle + 1
        if afterIndex + 1 < rest.count, rest[afterIndex].count > 5, rest[afterIndex].hasSuffix("ly"), rest[afterIndex].allSatisfy(\.isLowercase) { afterIndex += 1 }
        let after = afterIndex < rest.count ? rest[afterIndex].lowercased() : ""
        // A verb outside the table would become "确定" (determined) and change the question: no Chinese question.
        guard language != "zh" || chineseVerbs[verb.lowercased()] != nil else { return [] }
        let zhVerb = chineseVerbs[verb.lowercased()] ?? "确定"
        let restText = " " + rest.joined(separator: " ").lowercased() + " "
        let isModal = !be.isEmpty
        var found: [(FissionQuestionKind, String, String)] = []
        if !isModal, let year = rest.first(where: isYear), restText.contains(" in \(year) ") || restText.contains(" in \(year)") {
            found.append((.when, "When \(aux) \(subject) \(verb)?", "\(bare(subject))是在哪一年\(zhVerb)的？"))
        }
        if !isModal, after == "by", rest.count > participle + 2 {
            let agent = rest[participle + 2] == "the" && rest.count > participle + 3 ? rest[participle + 3] : rest[participle + 2]
            // An agent is a collaboration, an experiment or a group ("by the ATLAS Collaboration"), not a program.
            let agentWords = rest[(participle + 2)...].prefix(5).map { $0.lowercased() }
            let isAgent = agent.count >= 2 && agent.allSatisfy { $0.isUppercase || $0.isNumber }
                || agentWords.contains { ["collaboration", "collaborations", "experiment", "experiments", "group", "team"].contains($0) }
            if agent.first?.isUppercase == true, isAgent, let past = pastTense(verb) {
                found.append((.who, "Who \(past) \(subject)?", "\(bare(subject))是由谁\(zhVerb)的？"))
            }
        }
        // "The limits are indicated by the dashed lines", "The cross-section is given by Eq. 3": a figure or an equation, no question.
        if figureVerbs.contains(verb.lowercased()) { return [] }
        // "The uncertainty is dominated by the photon energy scale" → "What is the uncertainty dominated by?" (not "How is … dominated?").
        if found.isEmpty, after == "by", rest.count > afterIndex + 1, !rest[afterIndex + 1].hasSuffix("ing"), agentVerbs.contains(verb.lowercased()) {
            return [(.method, "What \(aux) \(subject) \(be)\(verb) by?", "\(bare(subject))是由什么\(zhVerb)的？")]
        }
        let isDated = !found.isEmpty
        // "The xenon is mixed with krypton to enhance …": a purpose after the verb's complement is a reason too.
        let purpose = rest.indices.dropFirst(afterIndex).prefix(8).first { index in
            // "resolved by applying an algorithm to select …": the purpose belongs to the method, which is asked instead.
            // After a modal ("can be characterized to distinguish …") it says what is possible, not why.
            !isModal && !methodPrepositions.contains(after) && rest[index] == "to" && index + 1 < rest.count && purposeVerbs.contains(rest[index + 1])
                && !(index == participle + 1 && purposeParticiples.contains(verb.lowercased()))
        }
        if !isDated, reasonMarks.contains(where: restText.contains) || purpose != nil {
            // "为什么要要求X" doubles 要: a verb that already says "need" is asked as "为什么要求X？".
            let why = zhVerb.hasPrefix("要") || zhVerb.hasPrefix("需要") ? "为什么" : "为什么要"
            found.append((.reason, "Why \(aux) \(subject) \(be)\(verb)?", "\(why)\(zhVerb)\(bare(subject))？"))
        }
        let isQuantified = after == "as" && quantifyingParticiples.contains(verb.lowercased())
        if !isDated,
            methodPrepositions.contains(after) || isQuantified || after == "in" && rest.count > participle + 2 && ["a", "an"].contains(rest[participle + 2])
        {
            found.append((.method, "How \(aux) \(subject) \(be)\(verb)?", "\(bare(subject))是如何\(zhVerb)的？"))
        }
        if found.isEmpty, let extra = purposeBasisOrPlace(rest, participle: participle, subject: subject, aux: aux, be: be, zhVerb: zhVerb) {
            found.append(extra)
        }
        return found
    }

    /// "We estimate the multijet background from data …" → "How is the multijet background estimated?": a
    /// sentence whose subject is the authors is asked in the passive about its object (a specific noun phrase
    /// up to the preposition that introduces the method, the purpose or the reason).
    private static func authorsQuestions(_ words: [String], passage: RetrievedChunk, language: String) -> [(FissionQuestionKind, String, String)] {
        var verbIndex = 1
        if words.count > 2, ["also", "then", "first", "further", "finally", "now", "therefore", "thus"].contains(words[1].lowercased()) { verbIndex = 2 }
        guard words.count >= verbIndex + 5, let (participle, isPast) = authorVerbs[words[verbIndex].lowercased()] else { return [] }
        let boundaries: Set<String> = methodPrepositions.union(["to", "in", "at", "for", "as", "and", "which", "that", "on", "over", "since", "because", "due", "so", "where", "while", "into", "is", "are"])
        var object: [String] = []
        var boundary = ""
        for word in words[(verbIndex + 1)...] {
            let bareWord = word.trimming(charactersIn: ".,;:")
            if boundaries.contains(bareWord.lowercased()) {
                boundary = bareWord.lowercased()
                break
            }
            object.append(bareWord)
            // A clause or sentence ends here: nothing follows that says how or why.
            if bareWord != word { return [] }
            if object.count > 9 { return [] }
        }
        guard let first = object.first, !["a", "an", "this", "these", "that", "those", "it", "them", "our", "its", "their", "each", "all"].contains(first.lowercased()),
            object.count >= 2, !boundary.isEmpty,
            let subject = subjectPhrase(object, passage: passage.chunk.text, minimumContent: 2),
            subjectContentCount(subject) >= 2 || subject.split(separator: " ").contains(where: { $0.filter(\.isUppercase).count >= 2 })
        else { return [] }
        let plural = isPlural(object)
        let aux = isPast ? (plural ? "were" : "was") : (plural ? "are" : "is")
        // The rest after the object, as the passive clause would read it: "[estimated] from data …".
        let rest = [participle] + words[(verbIndex + 1 + object.count)...].map { $0.trimming(charactersIn: ".,;:") }
        return passiveQuestions(rest, participle: 0, subject: subject, aux: aux, be: "", language: language).filter { $0.0 != .who && $0.0 != .location }
    }

    /// Whether a noun phrase is plural, judged by its head (the last word before "of"/"for"/"in"/"with").
    private static func isPlural(_ phrase: [String]) -> Bool {
        let head = (phrase.firstIndex { ["of", "for", "in", "with", "from", "on"].contains($0.lowercased()) }.map { phrase[..<$0] } ?? phrase[...]).last?.lowercased() ?? ""
        if ["data", "criteria", "spectra", "phenomena", "nuclei"].contains(head) { return true }
        return head.hasSuffix("s") && !["ss", "us", "is", "ics", "as"].contains(where: head.hasSuffix) && head.count > 3
    }

    /// Drops a leading connective ("However,", "In this analysis,") that leaves the main clause self-contained.
    private static func withoutDiscourseMarker(_ words: [String]) -> [String] {
        let markers: [[String]] = [
            ["however,"], ["moreover,"], ["furthermore,"], ["additionally,"], ["finally,"], ["therefore,"], ["thus,"], ["hence,"],
            ["consequently,"], ["in", "addition,"], ["in", "practice,"], ["in", "general,"], ["in", "particular,"], ["in", "this", "analysis,"],
            ["in", "this", "paper,"], ["in", "this", "work,"], ["in", "this", "study,"], ["in", "this", "section,"], ["overall,"],
            ["typically,"], ["first,"], ["then,"], ["in", "turn,"], ["as", "a", "result,"],
        ]
        for marker in markers where words.count > marker.count + 3 && zip(marker, words).allSatisfy({ $0 == $1.lowercased() }) {
            var rest = Array(words.dropFirst(marker.count))
            if let head = rest.first, let letter = head.first, letter.isLowercase, head.dropFirst().allSatisfy(\.isLowercase) {
                rest[0] = letter.uppercased() + head.dropFirst()
            }
            return rest
        }
        return words
    }

    /// The clause a reporting verb introduces: "We find that X is …", "It was observed that X …", "The results show
    /// that X …" → "X is …" (the evidence sentence stays the whole sentence).
    private static func reportedClause(_ words: [String]) -> [String]? {
        let reporting: Set<String> = ["find", "found", "observe", "observed", "show", "showed", "shown", "conclude", "concluded", "note", "noted", "see", "demonstrate", "demonstrated", "confirm", "confirmed", "verified", "checked", "estimated"]
        guard let that = words.prefix(5).firstIndex(of: "that"), that >= 2, that + 5 < words.count, reporting.contains(words[that - 1].lowercased()) else { return nil }
        let head = words[..<that].map { $0.lowercased() }
        let isReport = head.first == "we" && head.count <= 3 || head.first == "it" && ["is", "was", "has"].contains(head.dropFirst().first ?? "")
            || ["the", "these", "our"].contains(head.first ?? "") && ["results", "data", "measurements", "studies", "simulations"].contains(head.dropFirst().first ?? "")
        guard isReport, let first = words[that + 1].first, first.isLetter else { return nil }
        var clause = Array(words[(that + 1)...])
        clause[0] = first.uppercased() + clause[0].dropFirst()
        return clause
    }

    /// A fronted prepositional phrase that names a context: "In the diphoton channel, the background is …" →
    /// ("In the diphoton channel", "The background is …"). Not a connective, a pointer ("In this case", "For
    /// example", "In Section 5") or a phrase with symbols.
    private static func frontedPhrase(_ words: [String]) -> ([String], [String])? {
        guard let first = words.first, ["In", "For", "At"].contains(first),
            let comma = words.prefix(9).firstIndex(where: { $0.hasSuffix(",") }), comma >= 1, comma + 5 < words.count
        else { return nil }
        var phrase = Array(words[...comma])
        phrase[comma] = String(phrase[comma].dropLast())
        let lowered = phrase.dropFirst().map { $0.lowercased() }
        let pointing: Set<String> = [
            "this", "these", "that", "those", "such", "it", "its", "their", "our", "we", "which", "what", "where", "order", "addition",
            "contrast", "principle", "total", "summary", "example", "instance", "fact", "general", "particular", "practice", "turn",
            "short", "detail", "conclusion", "other", "words", "either", "both", "each", "all", "any", "most", "some", "many", "following",
            "previous", "present", "above", "below", "former", "latter", "same", "section", "sec", "figure", "fig", "table", "ref", "eq",
            "equation", "appendix", "chapter", "comparison", "brief", "simplicity", "reference", "here", "now", "then", "future", "first",
            "least", "last", "time", "moment", "end", "beginning", "start", "case", "cases", "way", "sense", "view", "light", "spite",
            "respect", "analogy", "purpose", "reason", "related", "corresponding", "respective", "one", "two", "three", "aforementioned",
            "similar", "similarly", "additionally", "more", "less", "further",
        ]
        // A name ("For the H → γγ channel", "In VRZ") or two content words ("In the signal regions"), or a bare plural
        // ("For electrons"); "In the system" says too little. Numbers ("In 2012", "For a mass of 200 GeV") and
        // brackets are not kept in a question.
        let content = subjectContentCount(lowered.joined(separator: " "))
        let isName = phrase.dropFirst().contains { $0.filter(\.isUppercase).count >= 2 || $0.contains("→") }
        let isBarePlural = phrase.count == 2 && lowered[0].hasSuffix("s") && lowered[0].count > 4
        guard !lowered.contains(where: { pointing.contains($0) || $0.allSatisfy(\.isNumber) || $0.first?.isNumber == true && $0.count > 2 }),
            !phrase.joined(separator: " ").contains(where: { "()[]{}=;:\"“”'’√∼~<>%.".contains($0) }),
            content >= 2 || isName || isBarePlural,
            !["In", "For", "At"].contains(words[comma + 1]), let head = words[comma + 1].first, head.isLetter
        else { return nil }
        var clause = Array(words[(comma + 1)...])
        clause[0] = head.uppercased() + clause[0].dropFirst()
        return (phrase, clause)
    }

    /// A clause's question with its fronted phrase: "In the diphoton channel, how is the background estimated?";
    /// in Chinese "在diphoton channel中，background是如何估计的？" ("For X" → "对于X，"; "At X" has no Chinese form).
    private static func scoped(_ draft: DraftQuestion, by phrase: [String], language: String) -> DraftQuestion? {
        var phraseWords = phrase
        // "In The ATLAS detector" reads "In the ATLAS detector"; names keep their capitals.
        if phraseWords.count > 1, ["The", "A", "An"].contains(phraseWords[1]) { phraseWords[1] = phraseWords[1].lowercased() }
        let text = phraseWords.joined(separator: " ")
        guard let letter = draft.english.first else { return nil }
        var scoped = draft
        scoped.english = "\(text), \(letter.lowercased())\(draft.english.dropFirst())"
        guard language == "zh" else {
            scoped.text = scoped.english
            return scoped
        }
        let object = bare(phraseWords.dropFirst().joined(separator: " "))
        switch phrase[0] {
        case "In": scoped.text = "在\(object)中，\(draft.text)"
        case "For": scoped.text = "对于\(object)，\(draft.text)"
        default: return nil
        }
        return scoped
    }

    /// The forms of a passive sentence that state a purpose, a basis, a definition or a place:
    ///
    /// | sentence | question |
    /// |---|---|
    /// | "The BDT is trained to separate signal from background." | What is the BDT trained for? (reason) |
    /// | "The trigger is based on two muons." | What is the trigger based on? (method) |
    /// | "The asymmetry is defined as the ratio of …" | How is the asymmetry defined? (definition) |
    /// | "The data were collected at the BEPCII collider." | Where were the data collected? (location) |
    private static func purposeBasisOrPlace(
        _ rest: [String], participle: Int, subject: String, aux: String, be: String, zhVerb: String
    ) -> (FissionQuestionKind, String, String)? {
        let verb = rest[participle]
        let lower = verb.lowercased()
        guard rest.count > participle + 2 else { return nil }
        let after = rest[participle + 1].lowercased()
        let next = rest[participle + 2]
        let purpose: (FissionQuestionKind, String, String) = (.reason, "What \(aux) \(subject) \(be)\(verb) for?", "\(bare(subject))是为了什么而\(zhVerb)的？")
        if after == "to", purposeParticiples.contains(lower), next.count > 2, next.allSatisfy({ $0.isLowercase && $0.isLetter }),
            // "applied to both piezos", "set to unity": an object, not a purpose.
            !["be", "the", "a", "an", "its", "their", "both", "all", "each", "every", "this", "these", "those", "that", "our", "one", "two",
              "any", "some", "data", "zero", "unity", "events", "within", "which"].contains(next)
        {
            return purpose
        }
        // "The BDT is used for the classification of events" (not "for example", "for each event", "for the first time").
        let following = rest.count > participle + 3 ? rest[participle + 3].lowercased() : ""
        if after == "for", purposeParticiples.contains(lower), next.first?.isLetter == true,
            !["example", "instance", "each", "every", "all", "both", "this", "these", "that", "those", "it", "them", "which"].contains(next.lowercased()),
            !(next.lowercased() == "the" && ["first", "same", "rest", "remaining", "most"].contains(following))
        {
            return purpose
        }
        if lower == "defined", after == "as" {
            return (.definition, "How \(aux) \(subject) \(be)defined?", "\(bare(subject))是如何定义的？")
        }
        guard be.isEmpty else { return nil }
        if lower == "based", after == "on" {
            return (.method, "What \(aux) \(subject) based on?", "\(bare(subject))基于什么？")
        }
        // A place is a name: "at CERN", "at the LHC", "in the ATLAS detector", "at the BEPCII collider".
        let place = next.lowercased() == "the" && rest.count > participle + 3 ? rest[participle + 3] : next
        let isName = place.filter(\.isUppercase).count >= 2 || place.first?.isUppercase == true && place.count >= 4 && next.lowercased() != "the"
        if after == "at" && isName || after == "in" && next.lowercased() == "the" && place.filter(\.isUppercase).count >= 2 {
            return (.location, "Where \(aux) \(subject) \(verb)?", "\(bare(subject))是在哪里\(zhVerb)的？")
        }
        return nil
    }

    /// "The inner detector consists of …" → "What does the inner detector consist of?"; "The analysis uses …" →
    /// "What does the analysis use?": a specific subject and one of a few verbs whose object is the answer.
    private static func activeDraft(_ words: [String], sentence: String, passage: RetrievedChunk, language: String) -> DraftQuestion? {
        // verb → (base form for English, Chinese template around the subject, kind)
        let verbs: [String: (String, String, FissionQuestionKind)] = [
            "consists": ("consist of", "%@由什么组成？", .definition), "consist": ("consist of", "%@由什么组成？", .definition),
            "comprises": ("comprise", "%@由什么组成？", .definition), "comprise": ("comprise", "%@由什么组成？", .definition),
            "contains": ("contain", "%@包含什么？", .definition), "contain": ("contain", "%@包含什么？", .definition),
            "uses": ("use", "%@使用了什么？", .method),
            "employs": ("employ", "%@采用了什么？", .method), "employ": ("employ", "%@采用了什么？", .method),
            "provides": ("provide", "%@提供了什么？", .definition), "provide": ("provide", "%@提供了什么？", .definition),
            "includes": ("include", "%@包括什么？", .definition), "include": ("include", "%@包括什么？", .definition),
            "measures": ("measure", "%@测量什么？", .definition), "measure": ("measure", "%@测量什么？", .definition),
            "describes": ("describe", "%@描述了什么？", .definition), "describe": ("describe", "%@描述了什么？", .definition),
            "requires": ("require", "%@需要什么？", .method), "require": ("require", "%@需要什么？", .method),
            "depends": ("depend on", "%@取决于什么？", .method), "depend": ("depend on", "%@取决于什么？", .method),
            "relies": ("rely on", "%@依赖于什么？", .method), "rely": ("rely on", "%@依赖于什么？", .method),
            "allows": ("allow", "%@使什么成为可能？", .reason), "allow": ("allow", "%@使什么成为可能？", .reason),
            "enables": ("enable", "%@使什么成为可能？", .reason), "enable": ("enable", "%@使什么成为可能？", .reason),
            "reaches": ("reach", "%@达到了多少？", .value), "reach": ("reach", "%@达到了多少？", .value),
            "achieves": ("achieve", "%@达到了多少？", .value), "achieve": ("achieve", "%@达到了多少？", .value),
            "exceeds": ("exceed", "%@超过了多少？", .value), "exceed": ("exceed", "%@超过了多少？", .value),
            "refers": ("refer to", "%@指的是什么？", .definition), "refer": ("refer to", "%@指的是什么？", .definition),
            "corresponds": ("correspond to", "%@对应于什么？", .definition), "correspond": ("correspond to", "%@对应于什么？", .definition),
            "covers": ("cover", "%@涵盖什么？", .definition), "cover": ("cover", "%@涵盖什么？", .definition),
            "focuses": ("focus on", "%@关注什么？", .definition), "focus": ("focus on", "%@关注什么？", .definition),
            "leads": ("lead to", "%@导致了什么？", .reason), "lead": ("lead to", "%@导致了什么？", .reason),
            "results": ("result in", "%@导致了什么？", .reason), "result": ("result in", "%@导致了什么？", .reason),
            "represents": ("represent", "%@代表什么？", .definition), "represent": ("represent", "%@代表什么？", .definition),
            "determines": ("determine", "%@决定了什么？", .definition), "determine": ("determine", "%@决定了什么？", .definition),
            "constrains": ("constrain", "%@约束了什么？", .definition), "constrain": ("constrain", "%@约束了什么？", .definition),
            "affects": ("affect", "%@影响了什么？", .definition), "affect": ("affect", "%@影响了什么？", .definition),
            "predicts": ("predict", "%@预言了什么？", .definition), "predict": ("predict", "%@预言了什么？", .definition),
            "involves": ("involve", "%@涉及什么？", .definition), "involve": ("involve", "%@涉及什么？", .definition),
            "exploits": ("exploit", "%@利用了什么？", .method), "exploit": ("exploit", "%@利用了什么？", .method),
            "combines": ("combine", "%@结合了什么？", .method), "combine": ("combine", "%@结合了什么？", .method),
            "offers": ("offer", "%@提供了什么？", .definition), "offer": ("offer", "%@提供了什么？", .definition),
            "improves": ("improve", "%@改善了什么？", .reason), "improve": ("improve", "%@改善了什么？", .reason),
            "reduces": ("reduce", "%@减少了什么？", .reason), "reduce": ("reduce", "%@减少了什么？", .reason),
            "accounts": ("account for", "%@解释了什么？", .reason), "account": ("account for", "%@解释了什么？", .reason),
            "contributes": ("contribute to", "%@对什么有贡献？", .reason), "contribute": ("contribute to", "%@对什么有贡献？", .reason),
        ]
        guard let verbIndex = words.prefix(10).firstIndex(where: { verbs[$0] != nil }), verbIndex >= 1, words.count >= verbIndex + 4,
            let (base, chinese, kind) = verbs[words[verbIndex]]
        else { return nil }
        // "makes use", "to employ", "the use": a noun or an infinitive, not the sentence's verb.
        let previous = words[verbIndex - 1].lowercased()
        // "The particle flow algorithm is used which optimally combines …": the verb of a relative clause.
        guard !words[..<verbIndex].contains(where: { ["is", "are", "was", "were", "be", "been", "has", "have"].contains($0.lowercased()) }) else { return nil }
        guard !["the", "a", "an", "to", "of", "makes", "make", "its", "their", "this", "that", "which", "and", "or"].contains(previous),
            words[0].first?.isUppercase == true, !words[..<verbIndex].contains(where: { $0.hasSuffix("ed") && $0.count > 4 && $0 != words[0] })
        else { return nil }
        let singular = words[verbIndex].hasSuffix("s")
        // A verb with a particle ("consist of", "depend on") needs it next; a value verb needs a number after it.
        if let particle = base.split(separator: " ").dropFirst().first, words[verbIndex + 1] != particle { return nil }
        // "The limits improve by a factor 2": used without an object, the verb asks nothing.
        let object = words[verbIndex + 1].lowercased()
        if !base.contains(" "), ["by", "with", "from", "when", "in", "at", "for", "to", "as", "if", "significantly", "considerably", "slightly", "substantially", "strongly"].contains(object) { return nil }
        if kind == .value, !words[(verbIndex + 1)...].prefix(8).contains(where: { $0.first?.isNumber == true }) { return nil }
        guard let subject = subjectPhrase(Array(words[..<verbIndex]), passage: passage.chunk.text, minimumContent: 2),
            subjectContentCount(subject) >= 2 || subject.split(separator: " ").contains(where: { $0.filter(\.isUppercase).count >= 2 })
        else { return nil }
        let english = "What \(singular ? "does" : "do") \(subject) \(base)?"
        let text = language == "zh" ? chinese.replacingOccurrences(of: "%@", with: bare(subject)) : english
        return DraftQuestion(text: text, english: english, kind: kind, evidence: sentence, passage: passage)
    }

    private static func build(_ found: [(FissionQuestionKind, String, String)], sentence: String, passage: RetrievedChunk, language: String) -> [DraftQuestion] {
        found.map { kind, english, chinese in
            DraftQuestion(text: language == "zh" ? chinese : english, english: english, kind: kind, evidence: sentence, passage: passage)
        }
    }

    /// The sentence's subject as a noun phrase fit for a question, or nil (pronouns, fronted clauses, numbers, lists).
    private static func subjectPhrase(_ words: [String], passage: String, minimumContent: Int) -> String? {
        guard (1...9).contains(words.count), let first = words.first else { return nil }
        guard !pronouns.contains(first.lowercased()) else { return nil }
        // "Particularly interesting is the case of …": an inverted sentence, not a subject.
        guard !(first.count > 4 && first.lowercased().hasSuffix("ly")) else { return nil }
        let text = words.joined(separator: " ")
        // Initials ("The work of C. P.") and stray PDF symbols ("background √") are not noun phrases.
        guard first.first?.isLetter == true, !text.contains(where: { $0.isNumber || ",;:()[]=\"“”'’.√".contains($0) }) else { return nil }
        // "Biases from these contributions", "Electrons must originate … and": context-bound or not a noun phrase.
        let contextual: Set<String> = ["this", "these", "those", "such", "it", "its", "their", "must", "can", "should", "may", "will", "would", "could", "currently", "and", "or", "above", "below", "former", "latter", "that", "recall", "note", "there", "here"]
        guard !words.contains(where: { contextual.contains($0.lowercased()) }) else { return nil }
        // "luminosity The uncertainty of …": a heading run into the sentence.
        guard !words.dropFirst().contains(where: { ["The", "A", "An"].contains($0) }) else { return nil }
        // "The related uncertainties", "the three contributions", "an illustrative example": they point back.
        let pointing: Set<String> = [
            "related", "following", "same", "previous", "present", "current", "corresponding", "respective", "illustrative", "aforementioned",
            "remaining", "two", "three", "four", "five", "six", "both", "several", "various", "certain", "example", "similar", "additional",
            "here", "third", "fourth", "bullet", "further", "largest", "smallest", "biggest", "dominant",
        ]
        // "The error bars represent …", "The dashed lines show …": a figure's legend, not physics.
        let figureWords: Set<String> = [
            "bar", "bars", "band", "bands", "line", "lines", "curve", "curves", "marker", "markers", "histogram", "histograms", "shaded",
            "dashed", "dotted", "hatched", "panel", "panels", "arrow", "arrows", "circles", "squares", "triangles", "ellipse",
            "ellipses", "contour", "contours", "plot", "plots", "legend", "axis", "box", "boxes", "figure", "figures", "table", "tables",
        ]
        guard !words.contains(where: { figureWords.contains($0.lowercased()) }) else { return nil }
        guard !words.contains(where: { pointing.contains($0.lowercased()) }) else { return nil }
        let contentCount = subjectContentCount(text)
        let isName = words.count == 1 && first.filter(\.isUppercase).count >= 2
        guard contentCount >= minimumContent || isName else { return nil }
        var phrase = words
        switch first {
        case "The", "A", "An": phrase[0] = "the"
        default:
            // "Dark matter is…" → "dark matter"; names ("Higgs", "LUX") keep their capitals.
            let lower = first.lowercased()
            let adjectiveEndings = ["al", "ar", "ic", "ed", "ing", "ous", "ive", "id", "ent", "ant", "ion", "ons", "ies", "ics", "ts", "es", "ns"]
            if first.dropFirst().allSatisfy(\.isLowercase), passage.contains(" \(lower) ") || adjectiveEndings.contains(where: lower.hasSuffix) {
                phrase[0] = lower
            }
        }
        return phrase.joined(separator: " ")
    }

    private static func subjectContentCount(_ text: String) -> Int {
        text.split(separator: " ").filter { word in word.count > 1 && !TextAnalysis.stopwords.contains(word.lowercased()) }.count
    }

    /// Index of a passive participle at the start of `rest` ("estimated", "also measured"), if any.
    private static func participle(_ rest: [String]) -> Int? {
        let adverbs: Set<String> = ["also", "then", "first", "typically", "further", "mainly", "usually", "often", "generally", "directly", "subsequently", "finally", "primarily"]
        var index = 0
        if let first = rest.first, adverbs.contains(first.lowercased()) { index = 1 }
        guard index < rest.count else { return nil }
        let word = rest[index].lowercased()
        guard word.allSatisfy(\.isLetter), word.count > 3 else { return nil }
        return word.hasSuffix("ed") || irregularPast[word] != nil ? index : nil
    }

    private static func pastTense(_ participle: String) -> String? {
        let lower = participle.lowercased()
        if let past = irregularPast[lower] { return past }
        return lower.hasSuffix("ed") ? lower : nil
    }

    private static func isYear(_ word: String) -> Bool {
        guard word.count == 4, let value = Int(word) else { return false }
        return (1900...2100).contains(value)
    }

    private static func sentenceWords(_ sentence: String, after index: Int) -> [String] {
        let words = sentence.split(separator: " ").map(String.init)
        return index + 1 < words.count ? Array(words[(index + 1)...]) : []
    }

    /// "the detector" → "detector" for Chinese templates ("detector的直径").
    private static func bare(_ phrase: String) -> String {
        for article in ["the ", "a ", "an "] where phrase.hasPrefix(article) { return String(phrase.dropFirst(article.count)) }
        return phrase
    }
}
