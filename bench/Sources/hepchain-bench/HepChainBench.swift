import ArgumentParser

/// `hepchain-bench`: every HepChain benchmark behind one command. The bench/*/ scripts run it next to the peer
/// tools (sentence-transformers, hnswlib, pdftotext, LangChain) and print the tables docs/BENCHMARKS.md quotes.
@main
struct HepChainBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hepchain-bench",
        abstract: "HepChain benchmarks: embedding, kernels, vector index, PDF parsing, store, search and translation.",
        discussion: "bench/README.md lists each benchmark with its peer tool and the script that runs both.",
        subcommands: [
            Embed.self, EmbedQuery.self, Kernel.self, Index.self, IndexSearch.self, Vectors.self, IngestCommand.self,
            StoreCommand.self, Search.self, Translate.self, ChainBench.self, Postgres.self,
        ])
}
