import Testing

@testable import AmendsQR

@Suite("PNG")
struct PNGTests {
    struct Chunk {
        var type: String
        var data: [UInt8]
    }

    static func bigEndian(_ bytes: ArraySlice<UInt8>) -> UInt32 { bytes.reduce(0) { $0 << 8 | UInt32($1) } }

    /// The chunks of a PNG file, each with its CRC checked.
    static func chunks(_ file: [UInt8]) throws -> [Chunk] {
        try #require(Array(file.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "the PNG signature")
        var chunks: [Chunk] = []
        var offset = 8
        while offset < file.count {
            let length = Int(bigEndian(file[offset..<offset + 4]))
            let typed = Array(file[offset + 4..<offset + 8 + length])
            #expect(bigEndian(file[offset + 8 + length..<offset + 12 + length]) == CRC32.checksum(typed), "CRC of chunk \(chunks.count)")
            chunks.append(Chunk(type: String(decoding: typed.prefix(4), as: UTF8.self), data: Array(typed.dropFirst(4))))
            offset += 12 + length
        }
        return chunks
    }

    /// The bytes of a zlib stream of stored deflate blocks, with its header, block lengths and Adler-32 checked.
    static func storedContents(_ stream: [UInt8]) throws -> (bytes: [UInt8], blocks: [Int]) {
        try #require(stream.count >= 2 && (Int(stream[0]) << 8 | Int(stream[1])) % 31 == 0 && stream[0] & 0x0F == 8, "a zlib header for deflate")
        var bytes: [UInt8] = []
        var blocks: [Int] = []
        var offset = 2
        var final = false
        while !final {
            final = stream[offset] & 1 == 1
            try #require(stream[offset] >> 1 == 0, "a stored block")
            let length = Int(stream[offset + 1]) | Int(stream[offset + 2]) << 8
            let complement = Int(stream[offset + 3]) | Int(stream[offset + 4]) << 8
            try #require(length ^ complement == 0xFFFF, "LEN and NLEN")
            bytes += stream[offset + 5..<offset + 5 + length]
            blocks.append(length)
            offset += 5 + length
        }
        try #require(stream.count == offset + 4, "the Adler-32 ends the stream")
        #expect(bigEndian(stream[offset...]) == Adler32.checksum(bytes))
        return (bytes, blocks)
    }

    @Test func checksumsOfKnownText() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([]) == 0)
        #expect(CRC32.checksum(Array("IEND".utf8)) == 0xAE42_6082)
        #expect(Adler32.checksum(Array("Wikipedia".utf8)) == 0x11E6_0398)
        #expect(Adler32.checksum([]) == 1)
        // Long enough for the sums to be reduced along the way.
        let long = [UInt8](repeating: 0xFF, count: 100_000)
        var low = 1
        var high = 0
        for byte in long {
            low = (low + Int(byte)) % 65521
            high = (high + low) % 65521
        }
        #expect(Adler32.checksum(long) == UInt32(high << 16 | low))
    }

    @Test func zlibStoredBlocks() throws {
        #expect(try Self.storedContents(Zlib.stored([])).bytes == [])
        let bytes = (0..<150_000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let (contents, blocks) = try Self.storedContents(Zlib.stored(bytes))
        #expect(contents == bytes)
        #expect(blocks == [65535, 65535, 150_000 - 2 * 65535])
        #expect(try Self.storedContents(Zlib.stored(Array(bytes.prefix(65535)))).blocks == [65535])
    }

    @Test(arguments: [(8, 4), (1, 0), (3, 1), (40, 4)])
    func thePixelsAreTheModules(scale: Int, quietZone: Int) throws {
        let code = try QRCode(text: "https://amends.example.com/f/lisbon-central/lobby-kiosk?lang=pt", correction: .high)
        let png = code.png(scale: scale, quietZone: quietZone)
        let chunks = try Self.chunks(png)
        #expect(chunks.map(\.type) == ["IHDR", "IDAT", "IEND"])
        let side = (code.size + 2 * quietZone) * scale
        let header = chunks[0].data
        #expect(Self.bigEndian(header[0..<4]) == UInt32(side) && Self.bigEndian(header[4..<8]) == UInt32(side))
        #expect(Array(header[8...]) == [1, 0, 0, 0, 0], "1 bit greyscale, no interlace")
        let (scanlines, blocks) = try Self.storedContents(chunks[1].data)
        #expect(blocks.allSatisfy { $0 <= 65535 })
        let rowBytes = (side + 7) / 8
        try #require(scanlines.count == side * (rowBytes + 1))
        for py in 0..<side {
            let row = scanlines[py * (rowBytes + 1)..<(py + 1) * (rowBytes + 1)]
            #expect(row.first == 0, "filter none")
            for px in 0..<side {
                let white = (row[row.startIndex + 1 + px / 8] >> (7 - px % 8)) & 1 == 1
                let dark = code.isDark(x: px / scale - quietZone, y: py / scale - quietZone)
                if white == dark {
                    Issue.record("pixel \(px),\(py)")
                    return
                }
            }
        }
        if scale == 40 { #expect(try ZBarImg.decode(image: png) == Array("https://amends.example.com/f/lisbon-central/lobby-kiosk?lang=pt".utf8)) }
    }

    @Test func smallFiles() throws {
        #expect(try QRCode(text: "hi").png().count < 8_000)
        #expect(try QRCode(bytes: [UInt8](repeating: 0x41, count: 200)).png().count < 36_000)
        #expect(try QRCode(bytes: [UInt8](repeating: 0x41, count: 200)).png(scale: 2).count < 3_000)
    }
}
