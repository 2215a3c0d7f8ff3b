import AmendsApp
import AmendsCore
import AmendsHTTP
import AmendsTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@Suite("Feedback intake over HTTP")
struct IntakeAPITests {
    @Test func complaintOpensACaseAndIsReadable() async throws {
        let harness = try await Harness.start()
        try await harness.router { client in
            let response = try await client.send(
                .post, "/v1/feedback", token: harness.channel,
                json: #"{"location":"lisbon","customer":{"email":"ana@example.com"},"text":"The bathroom was NOT clean","metadata":{"room":"214"}}"#)
            #expect(response.status == .created)
            let feedbackID = try #require(response.json["feedback"]?["id"]?.string)
            let caseID = try #require(response.json["case"]?["id"]?.string)
            #expect(response.json["feedback"]?["analysis"]?["scenario"] == .string("unclean-room"))

            let feedback = try await client.send(.get, "/v1/feedback/\(feedbackID)", token: harness.frontline)
            #expect(feedback.status == .ok)
            #expect(feedback.json["metadata"]?["room"] == .string("214"))
            #expect(feedback.json["analysis"]?["explanation"]?.array.first == .string("Phrase 'not clean' of scenario 'unclean-room' matched 'NOT clean'."))

            let detail = try await client.send(.get, "/v1/cases/\(caseID)", token: harness.frontline)
            #expect(detail.json["case"]?["status"] == .string("new"))
            #expect(detail.json["timeline"]?.array.compactMap { $0["kind"]?.string } == ["opened", "alarm_queued"])
            #expect(detail.json["alarms"]?.array.first?["recipient"] == .string("marta"))
            #expect(detail.json["alarms"]?.array.first?["secret"] == nil)

            let ack = try await client.send(.post, "/v1/cases/\(caseID)/acknowledge", token: harness.frontline)
            #expect(ack.status == .ok)
            #expect(ack.json["status"] == .string("acknowledged"))
            let again = try await client.send(.post, "/v1/cases/\(caseID)/acknowledge", token: harness.admin)
            #expect(again.status == .conflict)
            #expect(again.errorCode == "already_acknowledged")
        }
    }

    @Test func praiseOpensNoCase() async throws {
        let harness = try await Harness.start()
        try await harness.router { client in
            let response = try await client.send(
                .post, "/v1/feedback", token: harness.channel, json: #"{"location":"lisbon","text":"No problem at all, nothing was dirty","score":{"value":9,"scale":"nps"}}"#)
            #expect(response.status == .created)
            #expect(response.json["case"] == nil)
            #expect(response.json["feedback"]?["analysis"]?["failure"] == .bool(false))
            let cases = try await client.send(.get, "/v1/cases", token: harness.admin)
            #expect(cases.json["items"]?.array.isEmpty == true)
        }
    }

    @Test func idempotencyKeyReplaysTheSameBodyAndRefusesAnother() async throws {
        let harness = try await Harness.start()
        try await harness.router { client in
            let body = #"{"location":"lisbon","customer":{"phone":"+351 912 345 678"},"text":"loud music all night"}"#
            let key: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "retry-1"]
            let first = try await client.send(.post, "/v1/feedback", token: harness.channel, json: body, headers: key)
            let second = try await client.send(.post, "/v1/feedback", token: harness.channel, json: body, headers: key)
            #expect(first.status == .created)
            #expect(second.status == .created)
            #expect(second.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            #expect(first.json["feedback"]?["id"] == second.json["feedback"]?["id"])
            #expect(first.json["case"]?["id"] == second.json["case"]?["id"])
            let other = try await client.send(.post, "/v1/feedback", token: harness.channel, json: #"{"location":"lisbon","text":"something else"}"#, headers: key)
            #expect(other.status == .conflict)
            #expect(other.errorCode == "idempotency_conflict")
            let cases = try await client.send(.get, "/v1/cases", token: harness.admin)
            #expect(cases.json["items"]?.array.count == 1)
        }
    }

    struct BadInput: Sendable, CustomTestStringConvertible {
        var name: String
        var body: [UInt8]
        var token: Token = .channel
        var contentType: String? = "application/json"
        var status: HTTPResponse.Status
        var code: String
        var field: String?
        var testDescription: String { name }

        enum Token: Sendable { case channel, none, wrong, staff }

        init(
            _ name: String, _ body: String, _ status: HTTPResponse.Status, _ code: String, field: String? = nil, token: Token = .channel, contentType: String? = "application/json"
        ) {
            self.name = name
            self.body = Array(body.utf8)
            self.status = status
            self.code = code
            self.field = field
            self.token = token
            self.contentType = contentType
        }

        init(_ name: String, bytes: [UInt8], _ status: HTTPResponse.Status, _ code: String) {
            self.name = name
            self.body = bytes
            self.status = status
            self.code = code
        }
    }

    static let badInputs: [BadInput] = [
        BadInput("malformed JSON", #"{"location": "lisbon", "text": "dirty""#, .badRequest, "invalid_json"),
        BadInput("not an object", #"["dirty"]"#, .badRequest, "invalid_json"),
        BadInput("invalid UTF-8", bytes: [0x7B, 0x22, 0x74, 0x65, 0x78, 0x74, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0x22, 0x7D], .badRequest, "invalid_utf8"),
        BadInput("NUL in the text", #"{"location":"lisbon","text":"dirty\u0000"}"#, .badRequest, "invalid_text"),
        BadInput("raw NUL byte", bytes: Array(#"{"location":"lisbon","text":"dirty"}"#.utf8) + [0], .badRequest, "invalid_text"),
        BadInput("NUL in a customer's e-mail", #"{"location":"lisbon","text":"x","customer":{"email":"a\u0000@b.c"}}"#, .badRequest, "invalid_text"),
        BadInput("text of the wrong type", #"{"location":"lisbon","text":42}"#, .unprocessableContent, "invalid_field", field: "text"),
        BadInput("score of the wrong type", #"{"location":"lisbon","score":{"value":"ten","scale":"nps"}}"#, .unprocessableContent, "invalid_field", field: "score.value"),
        BadInput("unknown field", #"{"location":"lisbon","txt":"dirty"}"#, .unprocessableContent, "unknown_field", field: "txt"),
        BadInput("unknown customer field", #"{"location":"lisbon","text":"x","customer":{"mail":"a@b.c"}}"#, .unprocessableContent, "unknown_field", field: "customer.mail"),
        BadInput("missing location", #"{"text":"dirty"}"#, .unprocessableContent, "missing_field", field: "location"),
        BadInput("NPS above 10", #"{"location":"lisbon","score":{"value":11,"scale":"nps"}}"#, .unprocessableContent, "invalid_field", field: "score.value"),
        BadInput("stars below 1", #"{"location":"lisbon","score":{"value":0,"scale":"stars"}}"#, .unprocessableContent, "invalid_field", field: "score.value"),
        BadInput("unknown scale", #"{"location":"lisbon","score":{"value":3,"scale":"ces"}}"#, .unprocessableContent, "invalid_field", field: "score.scale"),
        BadInput("text over the limit", #"{"location":"lisbon","text":"\#(String(repeating: "a", count: 101))"}"#, .unprocessableContent, "invalid_field", field: "text"),
        BadInput("unknown location", #"{"location":"madrid","text":"dirty"}"#, .unprocessableContent, "unknown_location", field: "location"),
        BadInput("another channel's name", #"{"channel":"survey","location":"lisbon","text":"dirty"}"#, .forbidden, "wrong_channel", field: "channel"),
        BadInput("metadata not an object", #"{"location":"lisbon","metadata":[1]}"#, .unprocessableContent, "invalid_field", field: "metadata"),
        BadInput("customer not an object", #"{"location":"lisbon","customer":"ana"}"#, .unprocessableContent, "invalid_field", field: "customer"),
        BadInput("customer e-mail of the wrong type", #"{"location":"lisbon","customer":{"email":7}}"#, .unprocessableContent, "invalid_field", field: "customer.email"),
        BadInput("score without a scale", #"{"location":"lisbon","score":{"value":3}}"#, .unprocessableContent, "missing_field", field: "score.scale"),
        BadInput("null location", #"{"location":null,"text":"dirty"}"#, .unprocessableContent, "missing_field", field: "location"),
        BadInput("trailing comma", #"{"location":"lisbon",}"#, .badRequest, "invalid_json"),
        BadInput("bad occurred_at", #"{"location":"lisbon","text":"x","occurred_at":"yesterday"}"#, .unprocessableContent, "invalid_field", field: "occurred_at"),
        BadInput("empty feedback", #"{"location":"lisbon"}"#, .unprocessableContent, "empty_feedback"),
        BadInput("no token", #"{"location":"lisbon","text":"dirty"}"#, .unauthorized, "missing_token", token: .none),
        BadInput("wrong token", #"{"location":"lisbon","text":"dirty"}"#, .unauthorized, "invalid_token", token: .wrong),
        BadInput("staff without a channel", #"{"location":"lisbon","text":"dirty"}"#, .unprocessableContent, "missing_field", field: "channel", token: .staff),
        BadInput("form body", "location=lisbon", .unsupportedMediaType, "unsupported_media_type", contentType: "application/x-www-form-urlencoded"),
        BadInput("body over 1 MiB", #"{"location":"lisbon","text":"\#(String(repeating: "a", count: 1 << 20))"}"#, .contentTooLarge, "too_large"),
    ]

    @Test(arguments: badInputs)
    func badInputIsRefusedAndNothingIsWritten(input: BadInput) async throws {
        let harness = try await Harness.start { $0.limits.maxTextLength = 100 }
        try await harness.router { client in
            var headers: HTTPFields = [:]
            switch input.token {
            case .channel: headers[.authorization] = "Bearer \(harness.channel)"
            case .staff: headers[.authorization] = "Bearer \(harness.admin)"
            case .wrong: headers[.authorization] = "Bearer amc_not-a-token"
            case .none: break
            }
            if let type = input.contentType { headers[.contentType] = type }
            let response = try await client.execute(uri: "/v1/feedback", method: .post, headers: headers, body: ByteBuffer(bytes: input.body))
            #expect(response.status == input.status)
            #expect(response.errorCode == input.code)
            if let field = input.field { #expect(response.json["error"]?["field"] == .string(field), "\(input.name)") }
            #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            let cases = try await harness.runtime.store.cases(CaseQuery())
            #expect(cases.items.isEmpty)
        }
    }

    @Test func channelTokensCannotReadOrAcknowledge() async throws {
        let harness = try await Harness.start()
        try await harness.router { client in
            for (method, path) in [(HTTPRequest.Method.get, "/v1/cases"), (.get, "/v1/playbook"), (.post, "/v1/cases/x/acknowledge"), (.get, "/v1/alarms")] {
                let response = try await client.send(method, path, token: harness.channel)
                #expect(response.status == .forbidden, "\(path)")
                #expect(response.errorCode == "channel_token")
            }
            let playbook = try await client.send(.put, "/v1/playbook", token: harness.frontline, json: "{}")
            #expect(playbook.status == .forbidden)
            #expect(playbook.errorCode == "role")
        }
    }

    /// PostgreSQL cannot store or compare text holding a NUL: it is refused as input, wherever it comes, before it
    /// reaches the database (it once made `GET /v1/audit?target=%00` a 500).
    @Test func aNULInAPathOrQueryIsRefused() async throws {
        let harness = try await Harness.start()
        try await harness.router { client in
            for uri in [
                "/v1/audit?target=a%00b", "/v1/customers?email=a%00@b.c", "/v1/cases?owner=x%00", "/v1/cases/x%00y", "/v1/staff?cursor=%00",
                "/v1/analyze?text=dirty%00",
            ] {
                let response = try await client.send(.get, uri, token: harness.admin)
                #expect(response.status == .badRequest, "\(uri)")
                #expect(response.errorCode == "invalid_text", "\(uri)")
            }
            // "%2500" is the text "%00", not a NUL.
            let text = try await client.send(.get, "/v1/customers?email=a%2500@b.c", token: harness.admin)
            #expect(text.status == .ok)
        }
    }

    @Test func anEscapedBackslashBeforeU0000IsText() async throws {
        let harness = try await Harness.start()
        try await harness.router { client in
            let response = try await client.send(.post, "/v1/feedback", token: harness.channel, json: #"{"location":"lisbon","text":"path C:\\u0000 broke"}"#)
            #expect(response.status == .accepted || response.status == .created)
            #expect(response.json["feedback"]?["text"] == .string(#"path C:\u0000 broke"#))
        }
    }

    @Test func aBatchRefusesALineHoldingANULOnItsOwn() async throws {
        let harness = try await Harness.start()
        try await harness.router { client in
            let lines = [#"{"location":"lisbon","text":"dirty\u0000 towels"}"#, #"{"location":"lisbon","text":"lovely stay"}"#]
            let response = try await client.send(
                .post, "/v1/feedback/batch", token: harness.channel, bytes: Array(lines.joined(separator: "\n").utf8),
                headers: [.contentType: "application/x-ndjson"])
            #expect(response.status == .ok)
            let results = response.json["results"]?.array ?? []
            #expect(results.compactMap { $0["status"]?.string } == ["rejected", "accepted"])
            #expect(results.first?["error"]?["message"]?.string?.contains("NUL") == true)
        }
    }

    @Test func batchTakesNDJSONAndReportsBadLines() async throws {
        let harness = try await Harness.start()
        try await harness.router { client in
            let lines = [
                #"{"location":"lisbon","text":"dirty towels","idempotency_key":"b1"}"#,
                #"{"location":"lisbon","score":{"value":12,"scale":"nps"}}"#,
                "",
                #"{"location":"lisbon","text":"lovely stay"}"#,
                #"{"location":"lisbon","text":"dirty towels","idempotency_key":"b1"}"#,
                "not json",
            ]
            let response = try await client.send(
                .post, "/v1/feedback/batch", token: harness.channel, bytes: Array(lines.joined(separator: "\n").utf8),
                headers: [.contentType: "application/x-ndjson"])
            #expect(response.status == .ok)
            #expect(response.json["accepted"] == .number(2))
            #expect(response.json["replayed"] == .number(1))
            #expect(response.json["rejected"] == .number(2))
            let results = response.json["results"]?.array ?? []
            #expect(results.compactMap { $0["status"]?.string } == ["accepted", "rejected", "accepted", "replayed", "rejected"])
            #expect(results[1]["line"] == .number(2))
            #expect(results[4]["line"] == .number(6))
            #expect(results[0]["id"] == results[3]["id"])
        }
    }

    @Test func staffLogsAWitnessedFailure() async throws {
        let harness = try await Harness.start()
        try await harness.router { client in
            let body = #"{"scenario":"noise","location":"lisbon","description":"Wedding party in room 301 past midnight","customer":{"external_id":"G-77"}}"#
            let response = try await client.send(.post, "/v1/cases", token: harness.frontline, json: body)
            #expect(response.status == .created)
            #expect(response.json["origin"] == .string("staff"))
            let repeated = try await client.send(.post, "/v1/cases", token: harness.frontline, json: body)
            #expect(repeated.status == .ok)
            #expect(repeated.json["id"] == response.json["id"])
            let unknown = try await client.send(.post, "/v1/cases", token: harness.frontline, json: #"{"scenario":"fire","location":"lisbon"}"#)
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.errorCode == "unknown_scenario")
            let byChannel = try await client.send(.post, "/v1/cases", token: harness.channel, json: body)
            #expect(byChannel.status == .forbidden)
        }
    }

    @Test func casesListFiltersAndPaginates() async throws {
        let harness = try await Harness.start()
        try await harness.router { client in
            for index in 0..<5 {
                let text = index < 3 ? "dirty room" : "so noisy"
                try await client.send(.post, "/v1/feedback", token: harness.channel, json: #"{"location":"lisbon","customer":{"email":"g\#(index)@x.org"},"text":"\#(text)"}"#)
            }
            let first = try await client.send(.get, "/v1/cases?limit=2", token: harness.frontline)
            #expect(first.json["items"]?.array.count == 2)
            let cursor = try #require(first.json["next_cursor"]?.string)
            let second = try await client.send(.get, "/v1/cases?limit=2&cursor=\(cursor)", token: harness.frontline)
            #expect(second.json["items"]?.array.count == 2)
            #expect(second.json["items"]?.array.first?["id"] != first.json["items"]?.array.first?["id"])
            let noise = try await client.send(.get, "/v1/cases?scenario=noise", token: harness.frontline)
            #expect(noise.json["items"]?.array.count == 2)
            let bad = try await client.send(.get, "/v1/cases?status=sleeping", token: harness.frontline)
            #expect(bad.status == .unprocessableContent)
            let badCursor = try await client.send(.get, "/v1/cases?cursor=%%%", token: harness.frontline)
            #expect(badCursor.status == .unprocessableContent)
            let missing = try await client.send(.get, "/v1/cases/nope", token: harness.frontline)
            #expect(missing.status == .notFound)
            #expect(missing.errorCode == "not_found")
        }
    }

    @Test func noPlaybookMeansAClearError() async throws {
        let harness = try await Harness.start(importPlaybook: false)
        try await harness.router { client in
            let response = try await client.send(.post, "/v1/feedback", token: harness.admin, json: #"{"channel":"web","location":"lisbon","text":"dirty"}"#)
            #expect(response.status == .conflict)
            #expect(response.errorCode == "no_playbook")
        }
    }
}
