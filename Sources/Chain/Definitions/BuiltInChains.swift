/// The built-in chains, written in the chain-file format a user would write (docs/chain.md).
enum BuiltInChains {
    static let json = """
        {
          "chains": {
            "qa": {
              "description": "Answer a question from retrieved sources with citations.",
              "steps": [
                {"step": "condense"},
                {"step": "retrieve", "k": 20, "mode": "hybrid", "dense": 5, "documents": 3},
                {"step": "diversify", "lambda": 0.7, "k": 8},
                {"step": "rerank", "top": 6},
                {"step": "pack", "budget": 2000},
                {"step": "prompt", "template": "qa"},
                {"step": "generate", "maxTokens": 512, "temperature": 0},
                {"step": "cite"}
              ]
            },
            "search": {
              "description": "Retrieve passages only, with their citations.",
              "steps": [
                {"step": "retrieve", "k": 10, "mode": "hybrid"}
              ]
            },
            "summarize": {
              "description": "Summarize one document (options.document) by map-reduce over its chunks.",
              "steps": [
                {"step": "summarize", "mapBudget": 1500, "sentences": 6},
                {"step": "cite"}
              ]
            },
            "condense": {
              "description": "Rewrite a follow-up question into a standalone question from the history.",
              "steps": [
                {"step": "condense"}
              ]
            }
          }
        }
        """
}
