public import Foundation

extension ServerConfiguration {
    /// Resolves the configuration the way every command does: defaults < file (`configFile`, else
    /// `<data>/hepchain.json`) < `HEPCHAIN_*` environment < flags (applied by `overrides`).
    public static func resolve(
        dataFolder: String?, configFile: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
        overrides: (inout ServerConfiguration) -> Void = { _ in }
    ) throws -> ServerConfiguration {
        let data = dataFolder ?? environment["HEPCHAIN_DATA"] ?? "./data"
        var configuration = ServerConfiguration()
        if let configFile {
            configuration = try ServerConfiguration.load(file: URL(fileURLWithPath: configFile))
        } else {
            let implicit = URL(fileURLWithPath: data).appendingPathComponent("hepchain.json")
            if FileManager.default.fileExists(atPath: implicit.path) {
                configuration = try ServerConfiguration.load(file: implicit)
            }
        }
        configuration.applyEnvironment(environment)
        if let dataFolder { configuration.dataFolder = dataFolder }
        overrides(&configuration)
        guard configuration.problems.isEmpty else { throw ConfigurationError.invalidSettings(configuration.problems) }
        return configuration
    }
}
