/// Why a model file could not be read.
public struct ModelFileError: Error, Sendable, CustomStringConvertible {
    /// The file that was being read or written.
    public var file: String
    /// What is wrong with it, in words a user can act on.
    public var message: String

    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "\(file): \(message)" }
}
