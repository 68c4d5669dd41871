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
    @Test("scripts/install.sh into a prefix: the installed hepchain finds its model there and works from any folder with no variable set")
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
    }
}
