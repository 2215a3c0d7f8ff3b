import AmendsApp
import AmendsCore
import Foundation
import PropertyBased
import Testing

/// Reading feedback files: a damaged row is refused on its own line and never joins another row's customer or
/// location, however the file is damaged and however it arrives in pieces.
@Suite("Feedback files")
struct FeedbackFileTests {
    static let locations = ["lisbon", "porto", "faro"]

    /// The rows of `text`, read whole or in pieces of `piece` bytes, with the playbook's `locations`.
    static func rows(_ text: String, piece: Int? = nil, locations: Set<String> = Set(locations)) -> [FeedbackFile.Row] {
        var defaults = FeedbackFile.Defaults(channel: "web", keyPrefix: "guests.csv")
        defaults.locations = locations
        var reader = FeedbackFile(format: .csv, defaults: defaults)
        let bytes = Array(text.utf8)
        guard let piece else { return reader.feed(bytes, final: true) }
        var rows: [FeedbackFile.Row] = []
        for start in stride(from: 0, to: bytes.count, by: piece) {
            rows += reader.feed(Array(bytes[start..<min(start + piece, bytes.count)]), final: false)
        }
        return rows + reader.feed([], final: true)
    }

    static func accepted(_ rows: [FeedbackFile.Row]) -> [(line: Int, submission: FeedbackSubmission)] {
        rows.compactMap { row in
            guard case .success(let item) = row.item else { return nil }
            return (row.line, item.submission)
        }
    }

    static func refused(_ rows: [FeedbackFile.Row]) -> [(line: Int, message: String)] {
        rows.compactMap { row in
            guard case .failure(let error) = row.item else { return nil }
            return (row.line, error.message)
        }
    }

    /// What once happened: an unterminated quote swallowed the next line, whose stray quote closed it, and one row
    /// held one guest's location and text with the other guest's e-mail address.
    @Test func anUnterminatedQuoteIsRefusedOnItsLineAndTheNextRowReadsAsItself() throws {
        for third in [#"porto,Great stay",bob@example.com,B200"#, #"porto,"Great stay, said ""Bob""",bob@example.com,B200"#] {
            let file = """
                location,text,email,booking
                lisbon,"The room was dirty and nobody came,ana@example.com,B100
                \(third)
                faro,Lovely,carla@example.com,B300

                """
            for piece in [nil, 1, 7, 64] {
                let rows = Self.rows(file, piece: piece)
                let refused = Self.refused(rows)
                #expect(refused.map(\.line) == [2], "\(third), in pieces of \(piece.map(String.init) ?? "all")")
                let accepted = Self.accepted(rows)
                #expect(accepted.map(\.line) == [3, 4])
                #expect(accepted.map(\.submission.location) == ["porto", "faro"])
                #expect(accepted.map(\.submission.customer?.email) == ["bob@example.com", "carla@example.com"])
            }
        }
        let refused = Self.refused(Self.rows("location,text,email\nlisbon,\"cold,ana@example.com\nporto,fine\",bob@example.com\n"))
        #expect(refused.first?.message == "a quoted field runs into line 3, which reads as a row of its own; is a closing quote missing?")
    }

    @Test func aQuoteClosedTooEarlyIsRefusedAndTheRestReadsOn() {
        let rows = Self.rows(
            """
            location,text,email
            lisbon,"cold "soup" again",ana@example.com
            porto,fine,bob@example.com
            faro,"never closed,carla@example.com
            """)
        #expect(Self.refused(rows).map(\.line) == [2, 4])
        #expect(Self.refused(rows).first?.message.hasPrefix("a quote inside a quoted field must be doubled") == true)
        #expect(Self.refused(rows).last?.message.hasPrefix("a quoted field is never closed") == true)
        #expect(Self.accepted(rows).map(\.submission.customer?.email) == ["bob@example.com"])
    }

    @Test func aTextOverSeveralLinesIsOneRow() {
        let file = #"""
            location,text,email
            lisbon,"The room was dirty.
            Also, the shower was broken
            the porter, said the guard, was no better",ana@example.com
            porto,"He said ""sorry""",bob@example.com

            """#
        for piece in [nil, 1, 5] {
            let rows = Self.rows(file, piece: piece)
            #expect(Self.refused(rows).isEmpty)
            let accepted = Self.accepted(rows)
            #expect(accepted.map(\.line) == [2, 5])
            #expect(accepted.first?.submission.text == "The room was dirty.\nAlso, the shower was broken\nthe porter, said the guard, was no better")
            #expect(accepted.last?.submission.text == #"He said "sorry""#)
        }
    }

    @Test func aRowPastTheLengthLimitIsRefusedWithoutHoldingTheFile() {
        let long = String(repeating: "a", count: (1 << 20) + 10)
        let rows = Self.rows("location,text,email\nlisbon,\"\(long)\nporto,fine,bob@example.com\n", piece: 1 << 16)
        #expect(Self.refused(rows).first?.line == 2)
        #expect(Self.accepted(rows).map(\.submission.customer?.email) == ["bob@example.com"])
    }

    /// Rows whose every field names its row (`#3x` in the text, `g3x@` in the address, `loc3x` the location, which
    /// the text may repeat), damaged at random: quotes or a line break taken out or put in. Whatever would be
    /// imported holds one row's fields only; and the file read in pieces reads as it does whole.
    @Test func damageNeverJoinsTwoRows() async {
        let pieces = ["dirty", "room", " ", ",", "\"", "\n", "cold", "LOC,", "\nLOC,x,", "porto,x,", "\"\"", ",\""]
        let texts = Gen.element(of: pieces).array(of: 0...6).array(of: 2...12)
        // Up to three quotes taken out or put in (kinds 0 and 1), or else one line break taken out or put in (2 and 3).
        // Quotes and line breaks moved together can make a row that is valid CSV through and through (a row's closing
        // quote, the line break and the next row's opening quote taken out), which no reader can tell from a real one.
        let damage = zip(Gen.int(in: 0...1), Gen.int(in: 0...100_000)).array(of: 1...3)
        let lineBreak = zip(Gen.int(in: 2...5), Gen.int(in: 0...100_000))
        await propertyCheck(count: 1000, input: texts, damage, lineBreak, Gen.int(in: 1...40)) { texts, damage, lineBreak, piece in
            var file = Array("location,text,email\n".utf8)
            for (index, text) in texts.enumerated() {
                let location = "loc\(index)x"
                let body = text.compactMap { $0 }.joined().replacingOccurrences(of: "LOC", with: location)
                let fields = [location, "#\(index)x " + body, "g\(index)x@example.com"]
                file += Array((fields.map(Self.quoted).joined(separator: ",") + "\n").utf8)
            }
            if lineBreak.0 < 4 {
                Self.damage(&file, kind: lineBreak.0, at: lineBreak.1)
            } else {
                for (kind, at) in damage { Self.damage(&file, kind: kind, at: at) }
            }
            let text = String(decoding: file, as: UTF8.self)
            let locations = Set(texts.indices.map { "loc\($0)x" })
            let whole = Self.rows(text, locations: locations)
            // The import refuses any location the playbook does not have (as intake does); what it would accept:
            for (_, submission) in Self.accepted(whole) where locations.contains(submission.location) {
                let owners = Set([submission.text ?? "", submission.customer?.email ?? "", submission.location].flatMap(Self.owners))
                #expect(owners.count <= 1, "one row's fields only: \(submission)")
            }
            let inPieces = Self.rows(text, piece: piece, locations: locations)
            #expect(inPieces.map(\.line) == whole.map(\.line))
            #expect(Self.accepted(inPieces).map(\.submission) == Self.accepted(whole).map(\.submission))
        }
    }

    /// A channel whose score thresholds name one scale gives its rows that scale; a scale column or `--scale` wins.
    @Test func aScoreTakesItsChannelsScaleWhenTheChannelHasOne() {
        let playbook = Playbook(
            name: "Airline", locations: [Location(key: "lisbon", name: "Lisbon", timeZone: "Europe/Lisbon")], teams: [],
            channels: [
                Channel(key: "post-flight-survey", name: "Survey", kind: .survey, scoreThresholds: ScoreThresholds(nps: 6)),
                Channel(key: "web", name: "Web", kind: .api),
            ], scenarios: [])
        let file = """
            location,channel,score,scale,text
            lisbon,post-flight-survey,3,,late
            lisbon,post-flight-survey,4,csat,late
            lisbon,web,3,,late

            """
        var reader = FeedbackFile(format: .csv, defaults: FeedbackFile.Defaults(keyPrefix: "f").filled(from: playbook))
        let rows = reader.feed(Array(file.utf8), final: true)
        #expect(Self.accepted(rows).map(\.submission.score) == [Score(value: 3, scale: .nps), Score(value: 4, scale: .csat)])
        #expect(Self.refused(rows).map(\.line) == [4])
        #expect(Self.refused(rows).first?.message.contains("give the channel 'web' score thresholds on one scale") == true)
        var withScale = FeedbackFile(format: .csv, defaults: FeedbackFile.Defaults(scale: .stars, keyPrefix: "f").filled(from: playbook))
        #expect(Self.accepted(withScale.feed(Array(file.utf8), final: true)).map(\.submission.score?.scale) == [.stars, .csat, .stars])
    }

    static func quoted(_ field: String) -> String {
        field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
    }

    /// Takes out or puts in a quote (kinds 0 and 1) or a line break (2 and 3), at a place chosen by `at`.
    static func damage(_ file: inout [UInt8], kind: Int, at: Int) {
        let byte = kind < 2 ? UInt8(ascii: "\"") : UInt8(ascii: "\n")
        if kind % 2 == 0 {
            let places = file.indices.filter { file[$0] == byte }
            if !places.isEmpty { file.remove(at: places[at % places.count]) }
        } else {
            file.insert(byte, at: at % (file.count + 1))
        }
    }

    /// The rows a field names: `#Nx`, `gNx@` and `locNx`, whole.
    static func owners(_ field: String) -> [Int] {
        let pattern = /(?:#|g|loc)(\d+)x/
        return field.matches(of: pattern).compactMap { Int($0.output.1) }
    }
}
