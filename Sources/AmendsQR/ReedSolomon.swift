/// Reed–Solomon error correction over GF(256), the field QR codes use: bytes with the reducing polynomial
/// x⁸ + x⁴ + x³ + x² + 1 (0x11D), and the generator's roots α⁰ … αⁿ⁻¹ with α = 2.
enum ReedSolomon {
    /// Powers of α, twice over so that a product needs no reduction of the exponent.
    static let powers: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 512)
        var value = 1
        for exponent in 0..<255 {
            table[exponent] = UInt8(value)
            value <<= 1
            if value & 0x100 != 0 { value ^= 0x11D }
        }
        for exponent in 255..<512 { table[exponent] = table[exponent - 255] }
        return table
    }()

    /// The exponent of each non-zero byte as a power of α (the entry for 0 is unused).
    static let logarithms: [Int] = {
        var table = [Int](repeating: 0, count: 256)
        for exponent in 0..<255 { table[Int(powers[exponent])] = exponent }
        return table
    }()

    /// The product of two field elements.
    static func multiply(_ left: UInt8, _ right: UInt8) -> UInt8 {
        if left == 0 || right == 0 { return 0 }
        return powers[logarithms[Int(left)] + logarithms[Int(right)]]
    }

    /// The generator polynomial (x − α⁰)(x − α¹)…(x − αⁿ⁻¹), highest power first; its first coefficient is always 1.
    static func generator(degree: Int) -> [UInt8] {
        var polynomial: [UInt8] = [1]
        for root in 0..<degree {
            var product = [UInt8](repeating: 0, count: polynomial.count + 1)
            for (index, coefficient) in polynomial.enumerated() {
                product[index] ^= coefficient
                product[index + 1] ^= multiply(coefficient, powers[root])
            }
            polynomial = product
        }
        return polynomial
    }

    /// The `count` error correction codewords for `data`: the remainder of data·xⁿ divided by the generator.
    static func correction(for data: [UInt8], count: Int) -> [UInt8] {
        correction(for: data, generator: generator(degree: count))
    }

    /// The error correction codewords for `data` with a generator made beforehand by ``generator(degree:)``.
    static func correction(for data: [UInt8], generator: [UInt8]) -> [UInt8] {
        let count = generator.count - 1
        var remainder = [UInt8](repeating: 0, count: count)
        for byte in data {
            let factor = byte ^ remainder[0]
            for index in 0..<count - 1 { remainder[index] = remainder[index + 1] ^ multiply(generator[index + 1], factor) }
            remainder[count - 1] = multiply(generator[count], factor)
        }
        return remainder
    }
}
