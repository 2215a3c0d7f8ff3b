import Testing

@testable import AmendsQR

@Suite("Reed–Solomon")
struct ReedSolomonTests {
    @Test func theStandardsExampleVersion1M() {
        // The standard's worked example: "01234567" in numeric mode at 1-M, 16 data codewords, 10 error correction codewords.
        let data: [UInt8] = [0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11]
        #expect(ReedSolomon.correction(for: data, count: 10) == [0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55])
    }

    @Test func theGeneratorOfSevenCodewordsAsPowersOfAlpha() {
        // x⁷ + α⁸⁷x⁶ + α²²⁹x⁵ + α¹⁴⁶x⁴ + α¹⁴⁹x³ + α²³⁸x² + α¹⁰²x + α²¹, as the standard lists it.
        let generator = ReedSolomon.generator(degree: 7)
        #expect(generator.map { ReedSolomon.logarithms[Int($0)] } == [0, 87, 229, 146, 149, 238, 102, 21])
    }

    @Test func theField() {
        #expect(ReedSolomon.powers[8] == 0x1D, "α⁸ is reduced by 0x11D")
        #expect(ReedSolomon.powers[255] == 1)
        #expect(Set(ReedSolomon.powers[0..<255]).count == 255, "α generates every non-zero byte")
        for value in 1...255 {
            let inverse = ReedSolomon.powers[255 - ReedSolomon.logarithms[value]]
            #expect(ReedSolomon.multiply(UInt8(value), inverse) == 1)
        }
        #expect(ReedSolomon.multiply(0, 0x53) == 0)
    }

    @Test func aCodewordWithItsCorrectionIsAMultipleOfTheGenerator() {
        // Data followed by its error correction leaves no remainder: its correction is all zeros.
        let data = Sample.text(length: 55, seed: 3)
        let correction = ReedSolomon.correction(for: data, count: 15)
        #expect(ReedSolomon.correction(for: data + correction, count: 15) == Array(repeating: 0, count: 15))
    }
}
