import Foundation
import Testing

@testable import AmendsQR

#if canImport(FoundationXML)
    import FoundationXML
#endif

// One test at a time: they wait on rsvg-convert and zbarimg (see DecodingTests).
@Suite("SVG", .serialized)
struct SVGTests {
    static let url = "https://amends.example.com/f/lisbon-central/lobby-kiosk?lang=pt"

    /// The dark modules the path draws, as (x, y) in the drawing's module units, from its `M x y h n v1 h-n z` runs.
    static func modulesDrawn(_ svg: String) throws -> Set<[Int]> {
        let start = try #require(svg.range(of: #" d=""#)).upperBound
        let end = try #require(svg[start...].firstIndex(of: "\""))
        var drawn = Set<[Int]>()
        for run in svg[start..<end].split(separator: "z") {
            let parts = run.dropFirst().split(whereSeparator: { $0 == " " || $0 == "h" || $0 == "v" })
            try #require(run.first == "M" && parts.count == 5, "\(run)")
            let numbers = try parts.map { try #require(Int($0), "\(run)") }
            let (x, y, width) = (numbers[0], numbers[1], numbers[2])
            try #require(width > 0 && numbers[3] == 1 && numbers[4] == -width, "\(run)")
            for column in x..<x + width { #expect(drawn.insert([column, y]).inserted, "drawn twice: \(column),\(y)") }
        }
        return drawn
    }

    @Test(arguments: [(1, QRCode.Correction.medium), (5, .quartile), (7, .low), (10, .high)])
    func thePathDrawsTheDarkModules(version: Int, level: QRCode.Correction) throws {
        let code = try QRCode(text: Self.url, correction: level, minimumVersion: version)
        for quietZone in [0, 4] {
            let drawn = try Self.modulesDrawn(code.svg(quietZone: quietZone))
            var expected = Set<[Int]>()
            for y in 0..<code.size {
                for x in 0..<code.size where code.isDark(x: x, y: y) { expected.insert([x + quietZone, y + quietZone]) }
            }
            #expect(drawn == expected, "version \(version), quiet zone \(quietZone)")
        }
    }

    @Test func oneRunPerStretchOfDarkModules() throws {
        let code = try QRCode(text: Self.url)
        let svg = code.svg()
        var runs = 0
        for y in 0..<code.size {
            for x in 0..<code.size where code.isDark(x: x, y: y) && !code.isDark(x: x - 1, y: y) { runs += 1 }
        }
        #expect(svg.components(separatedBy: "M").count - 1 == runs)
        // The first row starts with the upper left finder's top edge, seven modules long.
        #expect(svg.contains(#"d="M4 4h7v1h-7z"#))
        #expect(svg.utf8.count < 10_000, "\(svg.utf8.count) bytes")
    }

    @Test func theDocument() throws {
        let code = try QRCode(text: Self.url)
        let side = code.size + 8
        let svg = code.svg(moduleSize: 6)
        #expect(svg.hasPrefix(#"<svg xmlns="http://www.w3.org/2000/svg" width="\#(side * 6)" height="\#(side * 6)" viewBox="0 0 \#(side) \#(side)""#))
        #expect(svg.contains(#"shape-rendering="crispEdges""#))
        #expect(svg.contains(##"<rect width="\##(side)" height="\##(side)" fill="#fff"/>"##))
        #expect(svg.components(separatedBy: "<path ").count == 2, "one path")
        #expect(svg.contains(##"<path fill="#000" d="M"##))
        #expect(svg.hasSuffix("\"/></svg>"))
        #expect(!svg.contains("<title>") && !svg.contains("role="), "unnamed without a title")
        #expect(code.svg(moduleSize: 0).contains(#"width="\#(side)""#), "at least a pixel a module")
        #expect(code.svg(quietZone: -3).contains(#"viewBox="0 0 \#(code.size) \#(code.size)""#), "no negative quiet zone")
    }

    @Test func aTitleIsEscaped() throws {
        let svg = try QRCode(text: "x").svg(title: "Feedback <Lisbon> & \"Porto\" 'lobby'\u{1}")
        #expect(svg.contains(#" role="img"><title>Feedback &lt;Lisbon&gt; &amp; &quot;Porto&quot; &apos;lobby&apos;</title><rect"#))
        #expect(SVGTests.xmlWellFormed(svg))
    }

    static func xmlWellFormed(_ svg: String) -> Bool {
        let parser = XMLParser(data: Data(svg.utf8))
        return parser.parse()
    }

    @Test func asXML() throws {
        let svg = try QRCode(text: Self.url).svg(title: "Olá – feedback")
        #expect(Self.xmlWellFormed(svg))
    }

    /// The SVG drawn by librsvg (`rsvg-convert`, package librsvg2-bin), then read by zbarimg.
    @Test(arguments: [1, 4, 10])
    func drawnByLibrsvgAndRead(version: Int) throws {
        let rsvg = try #require(
            ZBarImg.installed("rsvg-convert"),
            "rsvg-convert is missing: install librsvg2-bin (apt-get install librsvg2-bin) to check the SVG with a real renderer")
        let bytes = Sample.text(length: QRCode.byteCapacity(version: version, correction: .quartile), seed: 300 + version)
        let code = try QRCode(bytes: bytes, correction: .quartile)
        #expect(code.version == version)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("amends-qr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let svgFile = directory.appendingPathComponent("code.svg").path
        let pngFile = directory.appendingPathComponent("code.png").path
        try code.svg(moduleSize: 5, title: "Feedback").write(toFile: svgFile, atomically: true, encoding: .utf8)
        let (status, _, errors) = try ZBarImg.run(rsvg, ["-o", pngFile, svgFile])
        try #require(status == 0, "rsvg-convert: \(errors)")
        #expect(try ZBarImg.decode(file: pngFile) == bytes, "version \(code.version)")
    }
}
