import Foundation
import TestSupport
import Testing

/// The files of deploy/: the systemd unit is valid and hardened.
@Suite("Deployment files")
struct DeployTests {
    static let unit = TestPaths.root.appendingPathComponent("deploy/hepchain.service")

    @Test("systemd-analyze verify accepts the unit without a warning (pointed at the built rag-server), and it is hardened")
    func systemdUnit() async throws {
        let text = try String(contentsOf: Self.unit, encoding: .utf8)
        for setting in [
            "DynamicUser=yes", "StateDirectory=hepchain", "ProtectSystem=strict", "ProtectHome=yes", "NoNewPrivileges=yes",
            "PrivateTmp=yes", "CapabilityBoundingSet=", "SystemCallFilter=@system-service", "RestartPreventExitStatus=64",
        ] {
            #expect(text.contains("\n\(setting)\n"), "\(setting) missing")
        }
        let analyzer = URL(fileURLWithPath: "/usr/bin/systemd-analyze")
        guard FileManager.default.isExecutableFile(atPath: analyzer.path) else {
            print("systemd-analyze is not installed here; only the unit's settings were checked")
            return
        }
        // verify needs ExecStart to exist: point it at the rag-server built beside this test bundle.
        let server = try CommandLineTests.executable.deletingLastPathComponent().appendingPathComponent("rag-server").path
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hepchain-unit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = folder.appendingPathComponent("hepchain.service")
        try Data(text.replacingOccurrences(of: "/usr/local/bin/rag-server", with: server).utf8).write(to: copy)
        let run = try await ChildProcess(executable: analyzer, arguments: ["verify", copy.path]).run()
        #expect(run.status == 0, "\(run.errors)")
        #expect(!run.errors.contains("hepchain.service"), "warnings about the unit: \(run.errors)")

        // A misspelt key is what the warning check above catches.
        let broken = folder.appendingPathComponent("broken.service")
        try Data(text.replacingOccurrences(of: "/usr/local/bin/rag-server", with: server)
            .replacingOccurrences(of: "ProtectSystem=strict", with: "ProtectSystm=strict").utf8).write(to: broken)
        let warned = try await ChildProcess(executable: analyzer, arguments: ["verify", broken.path]).run()
        #expect(warned.errors.contains("ProtectSystm"), "\(warned.errors)")
    }
}

extension DeployTests {
    @Test("scripts/install.sh into a prefix: the installed hepchain finds its model there and indexes, searches and answers from any folder with no variable set")
    func installIntoPrefix() async throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("hepchain-install-\(UUID().uuidString)")
        let prefix = scratch.appendingPathComponent("prefix")
        let home = scratch.appendingPathComponent("home")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let bin = try CommandLineTests.executable.deletingLastPathComponent()
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("HEPCHAIN_") }
        environment["HEPCHAIN_INSTALL_NO_MAN"] = "1"
        let install = try await ChildProcess(
            executable: TestPaths.root.appendingPathComponent("scripts/install.sh"), arguments: [prefix.path, bin.path], environment: environment
        ).run()
        try #require(install.status == 0, "\(install.output)\(install.errors)")
        for file in ["bin/hepchain", "bin/rag-server", "bin/hepchain-pdftext", "share/hepchain/models/all-MiniLM-L6-v2/model.safetensors",
            "share/hepchain/examples/hepchain.json", "share/hepchain/deploy/hepchain.service", "share/bash-completion/completions/hepchain"]
        {
            #expect(FileManager.default.fileExists(atPath: prefix.appendingPathComponent(file).path), "\(file) not installed")
        }

        // The installed copy, run from the scratch folder with only HOME set: model from the prefix, data in XDG.
        var bare = environment.filter { !$0.key.hasPrefix("XDG_") }
        bare["HOME"] = home.path
        let hepchain = prefix.appendingPathComponent("bin/hepchain")
        let version = try await ChildProcess(executable: hepchain, arguments: ["--version"], environment: bare, currentDirectory: scratch).run()
        #expect(version.output.contains("Model: \(prefix.path)/share/hepchain/models/all-MiniLM-L6-v2 (from the install prefix of the executable)"), "\(version.output)")
        #expect(version.output.contains("PDF text: \(prefix.path)/bin/hepchain-pdftext"), "\(version.output)")
        let index = try await ChildProcess(
            executable: hepchain, arguments: ["index", TestPaths.corpora.appendingPathComponent("pdf/jpsi.pdf").path], environment: bare,
            currentDirectory: scratch
        ).run()
        #expect(index.status == 0 && index.output.contains("Indexed 1,"), "\(index.output)\(index.errors)")
        #expect(FileManager.default.fileExists(atPath: home.appendingPathComponent(".local/share/hepchain/data/hepchain.sqlite").path))
        let search = try await ChildProcess(
            executable: hepchain, arguments: ["search", "J/psi discovery", "-k", "1", "--json"], environment: bare, currentDirectory: scratch
        ).run()
        #expect(search.status == 0 && search.output.contains("jpsi.pdf"), "\(search.output)\(search.errors)")
        // `hepchain ask` too (the whole qa chain with the installed model), cited from the indexed file.
        let ask = try await ChildProcess(
            executable: hepchain, arguments: ["ask", "What is charmonium?", "--json"], environment: bare, currentDirectory: scratch
        ).run()
        let answer = (try? JSONSerialization.jsonObject(with: Data(ask.output.utf8))) as? [String: Any]
        let cited = (answer?["citations"] as? [[String: Any]])?.compactMap { $0["source"] as? String } ?? []
        #expect(ask.status == 0 && answer?["abstained"] as? Bool == false && cited.contains("jpsi.pdf"), "\(ask.output)\(ask.errors)")
    }
}

extension DeployTests {
    /// The Dockerfile cannot be built here (its base images come from Docker Hub, which these machines do not
    /// reach); what breaks such an image is a library the slim runtime stage lacks. This checks that stage's
    /// package list against the libraries the built executables load (ldd, plus the OpenBLAS that
    /// LinearAlgebra/BLAS.swift dlopens), through the installed packages' dependencies.
    @Test("The Dockerfile's runtime stage installs the package of every shared library the executables load")
    func dockerRuntimeHasTheLibraries() async throws {
        let dpkgQuery = URL(fileURLWithPath: "/usr/bin/dpkg-query")
        guard FileManager.default.isExecutableFile(atPath: dpkgQuery.path) else {
            print("dpkg-query is not installed here (not Debian); the Dockerfile's package list was not checked")
            return
        }
        let dockerfile = try String(contentsOf: TestPaths.root.appendingPathComponent("deploy/Dockerfile"), encoding: .utf8)
        let runtime = try #require(dockerfile.components(separatedBy: "\nFROM ").last)
        let install = try #require(runtime.range(of: "apt-get install"))
        let listed = runtime[install.upperBound...].prefix { $0 != "&" }.split(whereSeparator: { $0.isWhitespace || $0 == "\\" })
            .map(String.init).filter { !$0.hasPrefix("-") }
        #expect(listed.contains("libopenblas0") && listed.contains("libsqlite3-0"), "runtime packages read: \(listed)")

        // Every package the runtime stage has: the essential and required ones of a slim image, the listed
        // ones, and what they depend on (each alternative that is installed here).
        func query(_ arguments: [String]) async throws -> String {
            try await ChildProcess(executable: dpkgQuery, arguments: arguments).run().output
        }
        let installed = try await query(["-W", "-f", "${Package}\t${Essential}\t${Priority}\t${Pre-Depends}, ${Depends}\n"])
        var dependencies: [String: [String]] = [:]
        var present: Set<String> = []
        for line in installed.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 4 else { continue }
            dependencies[fields[0]] = fields[3].split(whereSeparator: { $0 == "," || $0 == "|" }).compactMap {
                $0.split(separator: " ").first.map { String($0.split(separator: ":")[0]) }
            }
            if fields[1] == "yes" || fields[2] == "required" { present.insert(fields[0]) }
        }
        var queue = Array(present) + listed
        while let package = queue.popLast() {
            present.insert(package)
            queue += (dependencies[package] ?? []).filter { !present.contains($0) && !queue.contains($0) }
        }

        let bin = try CommandLineTests.executable.deletingLastPathComponent()
        var libraries: Set<String> = []
        for executable in ["hepchain", "rag-server", "hepchain-pdftext"] {
            let ldd = try await ChildProcess(executable: URL(fileURLWithPath: "/usr/bin/ldd"), arguments: [bin.appendingPathComponent(executable).path]).run()
            #expect(!ldd.output.contains("not found"), "\(executable): \(ldd.output)")
            for line in ldd.output.split(separator: "\n") {
                // "libz.so.1 => /lib/x86_64-linux-gnu/libz.so.1 (0x…)"; the Swift runtime is linked statically in the image.
                guard let arrow = line.range(of: "=> /") else { continue }
                let path = String(line[line.index(before: arrow.upperBound)...].prefix { $0 != " " })
                if !path.contains("/swift/") { libraries.insert(URL(fileURLWithPath: path).resolvingSymlinksInPath().path) }
            }
        }
        libraries.insert(URL(fileURLWithPath: "/usr/lib/x86_64-linux-gnu/libopenblas.so.0").resolvingSymlinksInPath().path)
        for library in libraries.sorted() {
            // dpkg knows merged-/usr files under the path the package shipped, /lib or /usr/lib.
            let candidates = [library, library.hasPrefix("/usr/") ? String(library.dropFirst(4)) : "/usr" + library]
            var owner: String?
            for candidate in candidates where owner == nil {
                let search = try await ChildProcess(executable: dpkgQuery, arguments: ["-S", candidate]).run()
                if search.status == 0 { owner = search.output.split(separator: ":").first.map(String.init) }
            }
            guard let owner else {
                Issue.record("\(library) belongs to no Debian package")
                continue
            }
            let installedThere = present.contains(owner)
            #expect(installedThere, "\(library) comes from \(owner), which deploy/Dockerfile's runtime stage does not install")
        }
        #expect(libraries.contains { $0.contains("libopenblas") } && libraries.contains { $0.contains("libpoppler") }, "\(libraries)")
    }
}
