import AmendsTestSupport
import Foundation
import Testing

/// Debian's `zbarimg` (package zbar-tools), the independent reader the codes are checked with.
///
/// It is run as `zbarimg --nodbus --raw -q -Sbinary FILE`: `--raw` and `-q` print only the data, and `-Sbinary` gives the
/// bytes as they are in the code. Without it zbar guesses a character set and turns UTF-8 such as "Olá" into other text.
enum ZBarImg {
    /// The installed `zbarimg`.
    static let path = installed("zbarimg")

    /// The path of the program `name` on the PATH (or in /usr/bin or /usr/local/bin), if it is installed.
    static func installed(_ name: String) -> String? {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin"]
        return directories.map { $0 + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The bytes zbarimg reads from the PNG file `image`.
    static func decode(image: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) throws -> [UInt8] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("amends-qr-\(UUID().uuidString).png")
        try Data(image).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try decode(file: file.path, sourceLocation: sourceLocation)
    }

    /// The bytes zbarimg reads from the image file at `file`.
    static func decode(file: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [UInt8] {
        let zbarimg = try #require(
            path, "zbarimg is missing: install zbar-tools (apt-get install zbar-tools) to check the QR codes with a real reader",
            sourceLocation: sourceLocation)
        let (status, output, errors) = try run(zbarimg, ["--nodbus", "--raw", "-q", "-Sbinary", file])
        try #require(status == 0, "zbarimg found no code in \(file) (exit status \(status)): \(errors)", sourceLocation: sourceLocation)
        return output
    }

    /// Runs `executable` with `arguments`: its exit status, standard output and standard error.
    static func run(_ executable: String, _ arguments: [String]) throws -> (Int32, [UInt8], String) {
        let run = try ChildProcess.run(executable: executable, arguments: arguments)
        return (run.status, run.output, String(decoding: run.errors, as: UTF8.self))
    }
}
