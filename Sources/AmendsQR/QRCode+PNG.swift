// The PNG is written here, with its CRC-32, Adler-32 and zlib stream, because none of the packages the product uses
// writes PNG or compresses with zlib. The deflate blocks are stored, not compressed: at one bit per pixel a QR code is
// small anyway (version 1 at 8 pixels a module with a 4-module quiet zone is 7 KB, version 10 is 34 KB).

extension QRCode {
    /// The code as a black and white PNG image, one bit per pixel.
    ///
    /// - Parameters:
    ///   - scale: The width and height in pixels of one module, at least 1.
    ///   - quietZone: The light margin on every side, in modules. Readers expect 4; less may not scan.
    /// - Returns: The bytes of the PNG file.
    public func png(scale: Int = 8, quietZone: Int = 4) -> [UInt8] {
        let scale = max(1, scale)
        let quiet = max(0, quietZone)
        let pixels = (size + 2 * quiet) * scale
        let rowBytes = (pixels + 7) / 8

        // The scanlines, each a filter byte (0, none) then the pixels, 1 for white; one module row repeats `scale` times.
        var scanlines: [UInt8] = []
        scanlines.reserveCapacity((rowBytes + 1) * pixels)
        var row = [UInt8](repeating: 0, count: rowBytes + 1)
        for moduleY in -quiet..<size + quiet {
            for index in 1...rowBytes { row[index] = 0xFF }
            for moduleX in 0..<size where isDark(x: moduleX, y: moduleY) {
                let left = (moduleX + quiet) * scale
                for pixel in left..<left + scale { row[1 + (pixel >> 3)] &= ~(0x80 >> UInt8(pixel & 7)) }
            }
            for _ in 0..<scale { scanlines.append(contentsOf: row) }
        }

        var header: [UInt8] = []
        header.appendBigEndian(UInt32(pixels))
        header.appendBigEndian(UInt32(pixels))
        // Bit depth 1, colour type 0 (greyscale), deflate, adaptive filtering, no interlace.
        header += [1, 0, 0, 0, 0]

        var file: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        file.appendChunk("IHDR", header)
        file.appendChunk("IDAT", Zlib.stored(scanlines))
        file.appendChunk("IEND", [])
        return file
    }
}

extension [UInt8] {
    fileprivate mutating func appendBigEndian(_ value: UInt32) {
        append(contentsOf: [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)])
    }

    /// A PNG chunk: the length of the data, the type, the data, and the CRC-32 of type and data.
    fileprivate mutating func appendChunk(_ type: String, _ data: [UInt8]) {
        appendBigEndian(UInt32(data.count))
        let typed = Array(type.utf8) + data
        append(contentsOf: typed)
        appendBigEndian(CRC32.checksum(typed))
    }
}

/// The CRC-32 of PNG chunks (and of zip and gzip): reflected, polynomial 0xEDB88320, a table of 256 entries.
enum CRC32 {
    static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}

/// The Adler-32 checksum that ends a zlib stream: two sums modulo 65521.
enum Adler32 {
    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var low: UInt32 = 1
        var high: UInt32 = 0
        // 5552 bytes is the most that can be summed before the 32-bit sums could overflow.
        var start = 0
        while start < bytes.count {
            let end = Swift.min(start + 5552, bytes.count)
            for byte in bytes[start..<end] {
                low += UInt32(byte)
                high += low
            }
            low %= 65521
            high %= 65521
            start = end
        }
        return high << 16 | low
    }
}

/// A zlib stream (RFC 1950) of stored deflate blocks (RFC 1951): the bytes as they are, in blocks of at most 65,535.
enum Zlib {
    static let largestBlock = 65535

    static func stored(_ bytes: [UInt8]) -> [UInt8] {
        // Deflate with a 32 KB window, no dictionary, fastest level: 0x78 0x01, a multiple of 31 as the format asks.
        var stream: [UInt8] = [0x78, 0x01]
        stream.reserveCapacity(bytes.count + bytes.count / largestBlock * 5 + 16)
        var start = 0
        repeat {
            let end = Swift.min(start + largestBlock, bytes.count)
            let length = UInt16(end - start)
            // The block header: the final bit, then type 00 (stored), then the rest of the byte unused.
            stream.append(end == bytes.count ? 1 : 0)
            stream += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)]
            stream += bytes[start..<end]
            start = end
        } while start < bytes.count
        let adler = Adler32.checksum(bytes)
        stream += [UInt8(adler >> 24), UInt8(adler >> 16 & 0xFF), UInt8(adler >> 8 & 0xFF), UInt8(adler & 0xFF)]
        return stream
    }
}
