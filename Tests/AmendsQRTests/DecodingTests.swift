import Testing

@testable import AmendsQR

// One test at a time: each waits on zbarimg, and side by side they would hold every thread of the pool that the
// other suites' timers run on.
/// The codes as a phone would see them: drawn as PNG, read by zbarimg, and the bytes must come back exactly.
@Suite("Read back by zbarimg", .serialized)
struct DecodingTests {
    static let levels: [QRCode.Correction] = [.low, .medium, .quartile, .high]

    /// Reads `code` from its PNG and expects `bytes`.
    static func expectRead(_ code: QRCode, _ bytes: [UInt8], _ what: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let read = try ZBarImg.decode(image: code.png(scale: 4), sourceLocation: sourceLocation)
        #expect(read == bytes, "\(what): read \(String(decoding: read, as: UTF8.self))", sourceLocation: sourceLocation)
    }

    @Test(arguments: 1...10, DecodingTests.levels)
    func aFullCodeOfEveryVersionAndLevel(version: Int, level: QRCode.Correction) throws {
        let bytes = Sample.text(length: QRCode.byteCapacity(version: version, correction: level), seed: version * 4 + level.formatBits)
        let code = try QRCode(bytes: bytes, correction: level)
        #expect(code.version == version)
        try Self.expectRead(code, bytes, "\(version)-\(level), mask \(code.mask)")
    }

    @Test(arguments: 1...10)
    func theShortestTextOfEveryVersionAtLevelM(version: Int) throws {
        let length = version == 1 ? 1 : QRCode.byteCapacity(version: version - 1, correction: .medium) + 1
        let bytes = Sample.text(length: length, seed: 100 + version)
        let code = try QRCode(bytes: bytes)
        #expect(code.version == version)
        try Self.expectRead(code, bytes, "version \(version), mask \(code.mask)")
    }

    static let texts = [
        "https://amends.example.com/f/lisbon-central/lobby-kiosk?lang=pt",
        "https://amends.example.com/f/porto-ribeira/room-214?lang=en&source=qr",
        "Olá, não há toalhas",
        "Zürich: Größe 42 – 19,90 €",
        "日本語のテキスト",
        "Tak 🙂 dziękuję!",
        "",
    ]

    @Test(arguments: DecodingTests.texts, DecodingTests.levels)
    func urlsAndTextInUTF8(text: String, level: QRCode.Correction) throws {
        let code = try QRCode(text: text, correction: level)
        try Self.expectRead(code, Array(text.utf8), "\(text) at \(level): version \(code.version), mask \(code.mask)")
    }

    @Test func everyByteValue() throws {
        let bytes = (0...255).map { UInt8($0) }
        try Self.expectRead(try QRCode(bytes: bytes, correction: .low), bytes, "0 to 255")
        try Self.expectRead(try QRCode(bytes: bytes.reversed(), correction: .low), bytes.reversed(), "255 to 0")
    }

    /// Each of the eight masks, forced, at versions with no alignment pattern, one, six and version information.
    @Test(arguments: 0..<8, [(1, QRCode.Correction.medium), (2, .low), (7, .quartile), (10, .high)])
    func everyMask(mask: Int, versionAndLevel: (Int, QRCode.Correction)) throws {
        let (version, level) = versionAndLevel
        let bytes = Sample.text(length: QRCode.byteCapacity(version: version, correction: level) - mask, seed: 200 + mask)
        let code = try QRCode(bytes: bytes, correction: level, minimumVersion: version, mask: mask)
        #expect(code.version == version && code.mask == mask)
        try Self.expectRead(code, bytes, "mask \(mask) at \(version)-\(level)")
    }

    @Test(arguments: [(1, 1), (2, 0), (8, 4), (3, 2)])
    func scalesAndQuietZones(scale: Int, quietZone: Int) throws {
        let text = "https://amends.example.com/f/lisbon-central/lobby-kiosk?lang=pt"
        let code = try QRCode(text: text)
        let read = try ZBarImg.decode(image: code.png(scale: scale, quietZone: quietZone))
        #expect(read == Array(text.utf8), "scale \(scale), quiet zone \(quietZone)")
    }
}
