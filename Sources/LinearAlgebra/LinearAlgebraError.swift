/// Failures of the BLAS layer.
public enum LinearAlgebraError: Error, CustomStringConvertible {
    /// libopenblas could not be opened.
    case libraryNotFound(tried: [String])
    /// The library lacks a required function.
    case symbolMissing(String)

    public var description: String {
        switch self {
        case .libraryNotFound(let tried):
            "Cannot load OpenBLAS (tried \(tried.joined(separator: ", "))). Install it with 'apt-get install libopenblas-dev' or run 'make setup'."
        case .symbolMissing(let name):
            "The OpenBLAS library lacks '\(name)'. Install Debian's libopenblas0-pthread 0.3.21 or newer."
        }
    }
}
