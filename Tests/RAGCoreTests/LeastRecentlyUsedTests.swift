import RAGCore
import Testing

@Suite("Least recently used map")
struct LeastRecentlyUsedTests {
    @Test("Keeps at most its capacity, evicts the least recently used, makes each value once")
    func evictsLeastRecentlyUsed() {
        let map = LeastRecentlyUsed<String, Int>(capacity: 2)
        var made = 0
        func value(_ key: String) -> (Int, Int?) {
            let result = map.value(for: key) { made += 1; return made }
            return (result.value, result.evicted)
        }
        #expect(value("a") == (1, nil))
        #expect(value("b") == (2, nil))
        #expect(value("a") == (1, nil))  // used again: "b" is now the oldest
        #expect(value("c") == (3, 2))  // "b" evicted
        #expect(value("a") == (1, nil))
        #expect(value("b") == (4, 3))  // made anew; "c" evicted
        #expect(made == 4)
        #expect(Set(map.removeAll()) == [1, 4])
        #expect(value("a") == (5, nil))
    }
}
