extension QRCode {
    /// The code as a small SVG image: a white square, and one black path with a rectangle for each run of dark modules
    /// in a row.
    ///
    /// The drawing is in module units (the `viewBox`), so it scales without blurring; `shape-rendering="crispEdges"`
    /// keeps neighbouring modules from showing seams.
    ///
    /// - Parameters:
    ///   - moduleSize: The width and height in pixels of one module, at least 1.
    ///   - quietZone: The light margin on every side, in modules. Readers expect 4; less may not scan.
    ///   - title: Words that say what the code is for. When given, the image has `role="img"` and this `<title>`,
    ///     which screen readers read out; without it the image is left unnamed, for a page that names it otherwise.
    public func svg(moduleSize: Int = 8, quietZone: Int = 4, title: String? = nil) -> String {
        let quiet = max(0, quietZone)
        let side = size + 2 * quiet
        let pixels = side * max(1, moduleSize)
        var svg = #"<svg xmlns="http://www.w3.org/2000/svg" width="\#(pixels)" height="\#(pixels)" viewBox="0 0 \#(side) \#(side)""#
        svg += #" shape-rendering="crispEdges""#
        if let title {
            svg += #" role="img"><title>\#(Self.xmlEscaped(title))</title>"#
        } else {
            svg += ">"
        }
        svg += ##"<rect width="\##(side)" height="\##(side)" fill="#fff"/><path fill="#000" d=""##
        for y in 0..<size {
            var x = 0
            while x < size {
                guard isDark(x: x, y: y) else {
                    x += 1
                    continue
                }
                let start = x
                while x < size && isDark(x: x, y: y) { x += 1 }
                svg += "M\(start + quiet) \(y + quiet)h\(x - start)v1h-\(x - start)z"
            }
        }
        svg += #""/></svg>"#
        return svg
    }

    /// `text` with the five characters XML gives meaning to written as entities, and without the control characters
    /// XML does not allow.
    static func xmlEscaped(_ text: String) -> String {
        var escaped = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped.append(contentsOf: "&amp;".unicodeScalars)
            case "<": escaped.append(contentsOf: "&lt;".unicodeScalars)
            case ">": escaped.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": escaped.append(contentsOf: "&quot;".unicodeScalars)
            case "'": escaped.append(contentsOf: "&apos;".unicodeScalars)
            case "\t", "\n", "\r": escaped.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: continue
            default: escaped.append(scalar)
            }
        }
        return String(escaped)
    }
}
