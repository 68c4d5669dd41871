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
