public import Foundation

extension ServerConfiguration {
    /// Resolves the configuration the way every command does: defaults < configuration file < `HEPCHAIN_*`
    /// environment < flags (`dataFolder`, `modelFolder`, then the rest through `overrides`), with the data
    /// folder, model folder and configuration file found in the standard locations (see `Locations`) and where
    /// each came from recorded in `origins`. Any malformed value, unknown file key or unusable setting throws a
    /// `ConfigurationError` naming it.
    public static func resolve(
        dataFolder: String?, configFile: String?, modelFolder: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment, locations: Locations? = nil,
        overrides: (inout ServerConfiguration) -> Void = { _ in }
    ) throws -> ServerConfiguration {
        let locations = locations ?? Locations(environment: environment)
        func nonEmpty(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }

        // The configuration file: --config, HEPCHAIN_CONFIG, <data>/hepchain.json, then the user's and the system's.
        let provisionalData = dataFolder ?? nonEmpty("HEPCHAIN_DATA") ?? locations.defaultDataFolder.path
        var file: (url: URL, origin: String)?
        if let configFile {
            file = (URL(fileURLWithPath: configFile), "--config")
        } else if let named = nonEmpty("HEPCHAIN_CONFIG") {
            file = (URL(fileURLWithPath: named), "HEPCHAIN_CONFIG")
        } else {
            let candidates = [(URL(fileURLWithPath: provisionalData).appendingPathComponent(Locations.configFileName), "the data folder")]
                + locations.configFiles
            file = candidates.first { FileManager.default.fileExists(atPath: $0.0.path) }.map { ($0.0, $0.1) }
        }
        var configuration = ServerConfiguration()
        var patch: ConfigurationPatch?
        if let file {
            let read = try ConfigurationPatch.read(file: file.url)
            read.apply(to: &configuration)
            patch = read
        }
        try configuration.applyEnvironment(environment)

        // The data folder.
        let dataOrigin: String
        if let dataFolder {
            configuration.dataFolder = dataFolder
            dataOrigin = "--data"
        } else if nonEmpty("HEPCHAIN_DATA") != nil {
            dataOrigin = "HEPCHAIN_DATA"
        } else if patch?.dataFolder != nil, let file {
            dataOrigin = "dataFolder in \(file.url.path)"
        } else {
            let fallback = locations.defaultDataFolder
            configuration.dataFolder = fallback.path
            dataOrigin = fallback.origin
        }

        // The model folder.
        let modelOrigin: String
        if let modelFolder {
            configuration.modelFolder = modelFolder
            modelOrigin = "--model"
        } else if nonEmpty("HEPCHAIN_MODEL") != nil {
            modelOrigin = "HEPCHAIN_MODEL"
        } else if patch?.modelFolder != nil, let file {
            modelOrigin = "modelFolder in \(file.url.path)"
        } else if let found = locations.findShared(Locations.modelSubpath) {
            configuration.modelFolder = found.url.path
            modelOrigin = found.origin
        } else {
            configuration.modelFolder = ""
            modelOrigin = "not found"
        }

        configuration.origins = [
            "config": file.map { "\($0.url.path) (\($0.origin))" } ?? "none",
            "data": dataOrigin,
            "model": modelOrigin,
        ]
        overrides(&configuration)
        guard configuration.problems.isEmpty else { throw ConfigurationError.invalidSettings(configuration.problems) }
        return configuration
    }

    /// The model folder, checked to hold a model: a `ConfigurationError.modelNotFound` naming the path and where it
    /// came from (or every standard place searched) otherwise.
    public func requireModelFolder(locations: Locations = Locations()) throws -> URL {
        let origin = origins["model"] ?? "the settings"
        if modelFolder.isEmpty {
            throw ConfigurationError.modelNotFound(path: "", origin: origin, searched: locations.searchedPaths(Locations.modelSubpath))
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: modelFolder, isDirectory: &isFolder), isFolder.boolValue else {
            throw ConfigurationError.modelNotFound(path: modelFolder, origin: origin, searched: [])
        }
        return URL(fileURLWithPath: modelFolder)
    }
}
