public import Foundation

/// Where HepChain looks for its model and shared data, its data folder and its configuration file, so that
/// `hepchain` works from any folder and after `make install`, not only inside the checkout.
///
/// Search orders (the first that exists wins; each resolved value remembers where it came from):
/// - shared data (the model `models/all-MiniLM-L6-v2`, dictionaries): `--model` flag, `HEPCHAIN_MODEL`, the
///   configuration file's `modelFolder`, then `$XDG_DATA_HOME/hepchain` (default `~/.local/share/hepchain`),
///   `/usr/local/share/hepchain`, `<executable>/../share/hepchain` (an installed prefix), `<executable>` itself,
///   and the checkout the executable was built from;
/// - data folder: `--data`, `HEPCHAIN_DATA`, the configuration file's `dataFolder`, `./data` when it exists, else
///   `$XDG_DATA_HOME/hepchain/data`;
/// - configuration file: `--config`, `HEPCHAIN_CONFIG`, `<data>/hepchain.json`, `$XDG_CONFIG_HOME/hepchain/hepchain.json`
///   (default `~/.config/hepchain/hepchain.json`), `/etc/hepchain/hepchain.json`.
public struct Locations: Sendable, Hashable {
    /// The model folder's name inside a shared-data folder.
    public static let modelSubpath = "models/all-MiniLM-L6-v2"
    /// The configuration file's name inside a configuration folder.
    public static let configFileName = "hepchain.json"

    /// The environment (for XDG_*, HOME).
    public var environment: [String: String]
    /// The current folder (for `./data`).
    public var currentFolder: URL
    /// The folder holding the running executable.
    public var executableFolder: URL?
    /// The checkout the executable was built from (nil when it is gone).
    public var checkout: URL?

    /// Locations for this process.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
        self.currentFolder = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        self.executableFolder = Self.runningExecutable()?.deletingLastPathComponent()
        // This file is Sources/HepChainApp/Configuration/Locations.swift: three folders up is the checkout.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        self.checkout = FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path) ? root : nil
    }

    /// Locations with every input given (for tests).
    public init(environment: [String: String], currentFolder: URL, executableFolder: URL?, checkout: URL?) {
        self.environment = environment
        self.currentFolder = currentFolder
        self.executableFolder = executableFolder
        self.checkout = checkout
    }

    static func runningExecutable() -> URL? {
        guard let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else { return nil }
        return URL(fileURLWithPath: path)
    }

    private var home: URL {
        URL(fileURLWithPath: environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory())
    }

    /// `$XDG_DATA_HOME/hepchain` (XDG_DATA_HOME defaults to `~/.local/share`).
    public var userDataFolder: URL {
        let base = environment["XDG_DATA_HOME"].flatMap { $0.hasPrefix("/") ? URL(fileURLWithPath: $0) : nil }
            ?? home.appendingPathComponent(".local/share")
        return base.appendingPathComponent("hepchain")
    }

    /// `$XDG_CONFIG_HOME/hepchain` (XDG_CONFIG_HOME defaults to `~/.config`).
    public var userConfigFolder: URL {
        let base = environment["XDG_CONFIG_HOME"].flatMap { $0.hasPrefix("/") ? URL(fileURLWithPath: $0) : nil }
            ?? home.appendingPathComponent(".config")
        return base.appendingPathComponent("hepchain")
    }

    /// Shared-data folders searched after the flag, the environment and the configuration file, with how each
    /// is described to the user.
    public var sharedDataFolders: [(folder: URL, origin: String)] {
        var folders: [(URL, String)] = [
            (userDataFolder, "$XDG_DATA_HOME/hepchain"),
            (URL(fileURLWithPath: "/usr/local/share/hepchain"), "/usr/local/share/hepchain"),
        ]
        if let executableFolder {
            folders.append((executableFolder.deletingLastPathComponent().appendingPathComponent("share/hepchain"), "the install prefix of the executable"))
            folders.append((executableFolder, "beside the executable"))
        }
        if let checkout { folders.append((checkout, "the checkout")) }
        return folders
    }

    /// The first shared-data folder holding `subpath` (a file or folder), with its origin; nil when none does.
    public func findShared(_ subpath: String) -> (url: URL, origin: String)? {
        for (folder, origin) in sharedDataFolders {
            let candidate = folder.appendingPathComponent(subpath)
            if FileManager.default.fileExists(atPath: candidate.path) { return (candidate.standardizedFileURL, origin) }
        }
        return nil
    }

    /// The places `findShared(subpath)` looks, for error messages.
    public func searchedPaths(_ subpath: String) -> [String] {
        sharedDataFolders.map { $0.folder.appendingPathComponent(subpath).standardizedFileURL.path }
    }

    /// The default data folder: `./data` when it exists, else `$XDG_DATA_HOME/hepchain/data`.
    public var defaultDataFolder: (path: String, origin: String) {
        let local = currentFolder.appendingPathComponent("data")
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: local.path, isDirectory: &isFolder), isFolder.boolValue {
            return (local.path, "./data, which exists in the current folder")
        }
        return (userDataFolder.appendingPathComponent("data").path, "$XDG_DATA_HOME/hepchain/data, as there is no ./data here")
    }

    /// Configuration files tried when neither `--config` nor `HEPCHAIN_CONFIG` names one, after `<data>/hepchain.json`.
    public var configFiles: [(file: URL, origin: String)] {
        [
            (userConfigFolder.appendingPathComponent(Self.configFileName), "$XDG_CONFIG_HOME/hepchain"),
            (URL(fileURLWithPath: "/etc/hepchain").appendingPathComponent(Self.configFileName), "/etc/hepchain"),
        ]
    }
}
