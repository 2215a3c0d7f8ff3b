import AmendsCore
import AmendsDelivery
import AmendsHTTP
import AmendsJSON
import AmendsTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Keeping the customer informed: drafts, the outbox to gateways and mail servers, replies.
@Suite("Messages to customers")
struct MessageTests {
    func withGateway<R: Sendable>(_ receiver: AlarmReceiver, _ body: @Sendable (String) async throws -> R) async throws -> R {
        try await receiver.application().test(.live) { client in
            try await body("http://127.0.0.1:\(try #require(client.port))/hook")
        }
    }

    static func start(sms: String? = nil, chat: String? = nil, smtp: SMTPSettings? = nil) async throws -> Harness {
        let harness = try await Harness.start {
            $0.smsGateway = sms
            $0.chatGateway = chat
            $0.smtp = smtp
        }
        _ = try await harness.runtime.importPlaybook(Fixture.messagingPlaybook(), by: "test")
        return harness
    }

    static func openCase(_ client: any TestClientProtocol, _ harness: Harness, customer: String) async throws -> String {
        let complaint = try await client.send(
            .post, "/v1/feedback", token: harness.channel, json: #"{"location":"lisbon","customer":\#(customer),"text":"The room was dirty"}"#)
        return try #require(complaint.json["case"]?["id"]?.string)
    }

    @Test func anApologyIsDraftedEditedAndSentBySMSThroughTheOutbox() async throws {
        let receiver = AlarmReceiver()
        try await withGateway(receiver) { hook in
            let harness = try await Self.start(sms: hook + "/sms")
            try await harness.router { client in
                let caseID = try await Self.openCase(client, harness, customer: #"{"phone":"+351912000111","name":"Ana"}"#)
                let draft = try await client.send(.get, "/v1/cases/\(caseID)/messages/draft?kind=apology", token: harness.frontline)
                #expect(draft.json["medium"] == .string("sms") && draft.json["address"] == .string("+351912000111"))
                let body = try #require(draft.json["body"]?.string)
                #expect(body.hasPrefix("Ana, sorry about your room at Lisbon."))
                // The status link in it is a working link for this customer.
                let link = try #require(body.split(separator: " ").last.map(String.init))
                let path = try #require(URLComponents(string: link)?.path)
                #expect(try await client.send(.get, path, token: nil, headers: [.accept: "application/json"]).status == .ok)

                let edited = body.replacingOccurrences(of: "sorry", with: "so sorry")
                let sent = try await client.send(
                    .post, "/v1/cases/\(caseID)/messages", token: harness.frontline,
                    json: JSONValue.object(["kind": .string("apology"), "medium": .string("sms"), "body": .string(edited)]).canonicalText)
                #expect(sent.status == .accepted)
                #expect(sent.json["state"] == .string("queued"))
                #expect(try await harness.runtime.messages.runOnce() == 1)
                let delivery = try #require(receiver.deliveries.first)
                #expect(delivery.path == "/hook/sms")
                #expect(
                    WebhookSigner.verify(id: delivery.id, timestamp: delivery.timestamp, body: delivery.body, header: delivery.signature, secret: harness.runtime.keys.gateways))
                // The gateway's key is its own: it verifies no alarm, and no alarm receiver can sign a gateway post.
                #expect(harness.runtime.keys.gateways != harness.runtime.keys.alarms)
                #expect(!WebhookSigner.verify(id: delivery.id, timestamp: delivery.timestamp, body: delivery.body, header: delivery.signature, secret: harness.runtime.keys.alarms))
                let posted = try #require(try JSONSerialization.jsonObject(with: Data(delivery.body.utf8)) as? [String: Any])
                #expect(posted["to"] as? String == "+351912000111" && posted["text"] as? String == edited && posted["type"] as? String == "message.sms")

                let detail = try await client.send(.get, "/v1/cases/\(caseID)", token: harness.frontline)
                #expect(detail.json["messages"]?.array.first?["state"] == .string("sent"))
                let kinds = detail.json["timeline"]?.array.compactMap { $0["kind"]?.string } ?? []
                #expect(kinds.contains("message_queued") && kinds.contains("message_sent"))
                let list = try await client.send(.get, "/v1/cases/\(caseID)/messages", token: harness.frontline)
                #expect(list.json["items"]?.array.count == 1)
            }
        }
    }

    @Test func aKeptGuaranteeTellsTheCustomer() async throws {
        let receiver = AlarmReceiver()
        try await withGateway(receiver) { hook in
            let harness = try await Harness.start { $0.smsGateway = hook + "/sms" }
            var playbook = Fixture.messagingPlaybook()
            playbook.scenarios[1].templates = [
                MessageTemplate(kind: .apology, channel: .sms, language: "en", body: "Sorry about the noise. {{guarantee.promise}} {{compensation.description}} is yours.")
            ]
            _ = try await harness.runtime.importPlaybook(playbook, by: "test")
            try await harness.router { client in
                let complaint = try await client.send(
                    .post, "/v1/feedback", token: harness.channel, json: #"{"location":"lisbon","customer":{"phone":"+351912000222"},"text":"Loud music all night"}"#)
                let caseID = try #require(complaint.json["case"]?["id"]?.string)
                #expect(try await harness.runtime.messages.runOnce() == 1)
                let posted = try #require(receiver.deliveries.first?.body)
                #expect(posted.contains("Sorry about the noise. A quiet night, or your drinks are on us. Drinks at the bar (25.00 EUR) is yours."))
                let messages = try await harness.runtime.store.timeline(caseID: caseID).map(\.message)
                #expect(messages.contains("Amends sent the customer an apology SMS to +351912000222; waiting to be delivered."))
            }
        }
    }

    @Test func aGatewayThatRefusesAMessageEndsItsTriesAtOnce() async throws {
        try await withGateway(AlarmReceiver()) { hook in
            // The receiver has no such route: 404, which a retry would get again.
            let harness = try await Self.start(sms: hook + "/no/such/route")
            try await harness.router { client in
                let caseID = try await Self.openCase(client, harness, customer: #"{"phone":"+351912000111"}"#)
                _ = try await client.send(.post, "/v1/cases/\(caseID)/messages", token: harness.frontline, json: #"{"kind":"apology"}"#)
                #expect(try await harness.runtime.messages.runOnce() == 1)
                let message = try #require(try await harness.runtime.store.messages(caseID: caseID).first)
                #expect(message.state == .dead && message.attempts == 1 && message.lastError == "HTTP 404")
                #expect(try await harness.runtime.store.timeline(caseID: caseID).last?.kind == .messageDead)
            }
        }
    }

    @Test func aGatewayThatFailsIsTriedAgainAfterABackoff() async throws {
        let receiver = AlarmReceiver(failFirst: 1)
        try await withGateway(receiver) { hook in
            let harness = try await Self.start(sms: hook + "/sms")
            try await harness.router { client in
                let caseID = try await Self.openCase(client, harness, customer: #"{"phone":"+351912000111","name":"Ana"}"#)
                _ = try await client.send(.post, "/v1/cases/\(caseID)/messages", token: harness.frontline, json: #"{"kind":"apology"}"#)
                #expect(try await harness.runtime.messages.runOnce() == 1)
                #expect(try await harness.runtime.store.messages(caseID: caseID).first?.state == .queued)
                #expect(try await harness.runtime.messages.runOnce() == 0)
                harness.clock?.advance(by: 2)
                #expect(try await harness.runtime.messages.runOnce() == 1)
                #expect(try await harness.runtime.store.messages(caseID: caseID).first?.state == .sent)
                let kinds = try await harness.runtime.store.timeline(caseID: caseID).map(\.kind)
                #expect(kinds.contains(.messageFailed) && kinds.contains(.messageSent))
            }
        }
    }

    @Test func whatCannotBeSentIsRefusedClearly() async throws {
        let harness = try await Self.start()
        try await harness.router { client in
            let phoneOnly = try await Self.openCase(client, harness, customer: #"{"phone":"+351912000111"}"#)
            let anonymous = try await client.send(.post, "/v1/cases", token: harness.admin, json: #"{"scenario":"noise","location":"lisbon"}"#)
            let anonymousID = try #require(anonymous.json["id"]?.string)
            func send(_ caseID: String, _ json: String, token: String? = nil) async throws -> TestResponse {
                try await client.send(.post, "/v1/cases/\(caseID)/messages", token: token ?? harness.frontline, json: json)
            }
            #expect(try await send(phoneOnly, #"{"kind":"apology"}"#).errorCode == "medium_not_configured")
            #expect(try await send(phoneOnly, #"{"kind":"apology","medium":"email"}"#).errorCode == "no_address")
            #expect(try await send(phoneOnly, #"{"kind":"resolution","medium":"sms","language":"en"}"#).errorCode == "no_template")
            #expect(try await send(phoneOnly, #"{"kind":"apology","medium":"email","body":"Sorry"}"#).errorCode == "no_address")
            #expect(try await send(anonymousID, #"{"kind":"update"}"#).errorCode == "no_template")
            #expect(try await send(phoneOnly, #"{"kind":"sorry"}"#).errorCode == "invalid_field")
            #expect(try await send(phoneOnly, #"{"medium":"sms"}"#).errorCode == "missing_field")
            #expect(try await send(phoneOnly, #"{"kind":"apology","body":"Sorry"}"#).errorCode == "invalid_field")
            #expect(try await send(phoneOnly, #"{"kind":"apology","medium":"fax"}"#).errorCode == "invalid_field")
            #expect(try await send(phoneOnly, #"{"kind":"apology","to":"someone@else.test"}"#).errorCode == "unknown_field")
            #expect(try await send(phoneOnly, #"{"kind":"apology"}"#, token: harness.channel).errorCode == "channel_token")
            #expect(try await client.send(.get, "/v1/cases/\(phoneOnly)/messages/draft", token: harness.frontline).errorCode == "missing_field")
            #expect(try await harness.runtime.store.messages(caseID: phoneOnly).isEmpty)
        }
    }

    /// A chat message goes to the chat gateway, addressed by the customer's external id, signed with the gateway key;
    /// a gateway that refuses it for good (4xx) ends it at once, one that fails (5xx) has it tried again.
    @Test func aChatMessageGoesThroughTheChatGateway() async throws {
        let receiver = AlarmReceiver(failFirst: 1)
        try await withGateway(receiver) { hook in
            let harness = try await Self.start(chat: hook + "/chat")
            try await harness.router { client in
                let caseID = try await Self.openCase(client, harness, customer: #"{"external_id":"wa:351912000111","name":"Ana"}"#)
                let sent = try await client.send(
                    .post, "/v1/cases/\(caseID)/messages", token: harness.frontline, json: #"{"kind":"update","medium":"chat","body":"Your new room is ready."}"#)
                #expect(sent.status == .accepted && sent.json["address"] == .string("wa:351912000111"))
                #expect(try await harness.runtime.messages.runOnce() == 1)
                #expect(try await harness.runtime.store.messages(caseID: caseID).first?.state == .queued, "a 500 is tried again")
                harness.clock?.advance(by: 60)
                #expect(try await harness.runtime.messages.runOnce() == 1)
                #expect(try await harness.runtime.store.messages(caseID: caseID).first?.state == .sent)
                let delivery = try #require(receiver.deliveries.last)
                #expect(delivery.path == "/hook/chat")
                let key = harness.runtime.keys.gateways
                #expect(WebhookSigner.verify(id: delivery.id, timestamp: delivery.timestamp, body: delivery.body, header: delivery.signature, secret: key))
                let posted = try #require(try JSONSerialization.jsonObject(with: Data(delivery.body.utf8)) as? [String: Any])
                #expect(posted["type"] as? String == "message.chat" && posted["to"] as? String == "wa:351912000111")
                #expect(posted["text"] as? String == "Your new room is ready." && posted["case_id"] as? String == caseID)
            }
        }
    }

    /// A reply as a channel's gateway posts it: the channel's token, and the body signed with the channel's secret.
    static func reply(
        _ client: any TestClientProtocol, medium: String, token: String, _ body: String, id: String = UUID().uuidString,
        secret: WebhookSecret = Fixture.replySecret, at date: Date
    ) async throws -> TestResponse {
        let timestamp = Int(date.timeIntervalSince1970)
        let signature = WebhookSigner.signature(id: id, timestamp: timestamp, body: body, secret: secret)
        return try await client.send(
            .post, "/v1/inbound/\(medium)", token: token, json: body,
            headers: [.deliveryID: id, .deliveryTimestamp: String(timestamp), .deliverySignature: "v1,bm90IGl0 " + signature])
    }

    @Test(arguments: [
        ("sms", "sms-replies", #"{"phone":"+351 912 000 111"}"#, "+351912000111"), ("email", "mail-replies", #"{"email":"Ana@Example.com"}"#, "ana@example.com"),
        ("chat", "chat-replies", #"{"external_id":"wa:351912000111"}"#, "wa:351912000111"),
    ])
    func aSignedReplyJoinsTheOpenCaseOnceAndSaysNothingOfIt(medium: String, channel: String, customer: String, from: String) async throws {
        let harness = try await Self.start()
        let clock = try #require(harness.clock)
        let token = try await harness.runtime.tokens.issueChannelToken(channel: channel, label: "gateway")
        try await harness.router { client in
            let caseID = try await Self.openCase(client, harness, customer: customer)
            let body = #"{"from":"\#(from)","text":"Thanks, the new room is lovely"}"#
            let reply = try await Self.reply(client, medium: medium, token: token, body, id: "delivery-1", at: clock.now())
            #expect(reply.status == .accepted)
            #expect(reply.json == ["received": .bool(true)])
            #expect(!String(buffer: reply.body).contains(caseID))
            // The gateway delivers it again: kept once.
            #expect(try await Self.reply(client, medium: medium, token: token, body, id: "delivery-1", at: clock.now()).status == .accepted)
            let timeline = try await harness.runtime.store.timeline(caseID: caseID)
            #expect(timeline.filter { $0.kind == .customerReplied }.count == 1)
            #expect(timeline.last?.message.hasSuffix(": Thanks, the new room is lovely") == true)
            #expect(try await harness.runtime.store.messages(caseID: caseID).filter { $0.direction == .inbound }.count == 1)
        }
    }

    @Test func aReplyWithNoOpenCaseIsHeardAsFeedbackAndAnswersTheSame() async throws {
        let harness = try await Self.start()
        let clock = try #require(harness.clock)
        let token = try await harness.runtime.tokens.issueChannelToken(channel: "mail-replies", label: "gateway")
        try await harness.router { client in
            let stranger = try await Self.reply(
                client, medium: "email", token: token, #"{"from":"zoe@example.com","text":"The room was dirty too","location":"lisbon"}"#, id: "d-2",
                at: clock.now())
            #expect(stranger.status == .accepted && stranger.json == ["received": .bool(true)])
            _ = try await Self.reply(
                client, medium: "email", token: token, #"{"from":"zoe@example.com","text":"The room was dirty too","location":"lisbon"}"#, id: "d-2",
                at: clock.now())
            let cases = try await client.send(.get, "/v1/cases", token: harness.admin).json["items"]?.array ?? []
            #expect(cases.count == 1, "a repeated delivery opens no second case")
            #expect(cases.first?["customer"]?["email"] == .string("zoe@example.com"))
            #expect(
                try await Self.reply(client, medium: "email", token: token, #"{"from":"x@example.com","text":"dirty"}"#, at: clock.now()).errorCode
                    == "missing_field")
        }
    }

    @Test func repliesComeOnlyFromAReplyChannelsGatewayWithItsSignature() async throws {
        let harness = try await Self.start()
        let clock = try #require(harness.clock)
        let sms = try await harness.runtime.tokens.issueChannelToken(channel: "sms-replies", label: "gateway")
        try await harness.router { client in
            let caseID = try await Self.openCase(client, harness, customer: #"{"phone":"+351912000111"}"#)
            let body = #"{"from":"+351912000111","text":"Forged thanks"}"#
            // A kiosk's token, an SMS channel's token on the e-mail route, a staff member.
            #expect(try await Self.reply(client, medium: "sms", token: harness.channel, body, at: clock.now()).errorCode == "not_inbound_channel")
            #expect(try await Self.reply(client, medium: "email", token: sms, body, at: clock.now()).errorCode == "not_inbound_channel")
            #expect(try await Self.reply(client, medium: "sms", token: harness.frontline, body, at: clock.now()).errorCode == "channel_only")
            // No signature, another secret, a changed body, an old delivery.
            let unsigned = try await client.send(.post, "/v1/inbound/sms", token: sms, json: body)
            #expect(unsigned.status == .unauthorized && unsigned.errorCode == "bad_signature")
            #expect(try await Self.reply(client, medium: "sms", token: sms, body, secret: .random(), at: clock.now()).errorCode == "bad_signature")
            let timestamp = Int(clock.now().timeIntervalSince1970)
            let signedOther = WebhookSigner.signature(id: "x", timestamp: timestamp, body: "{}", secret: Fixture.replySecret)
            let changed = try await client.send(
                .post, "/v1/inbound/sms", token: sms, json: body,
                headers: [.deliveryID: "x", .deliveryTimestamp: String(timestamp), .deliverySignature: signedOther])
            #expect(changed.errorCode == "bad_signature")
            #expect(try await Self.reply(client, medium: "sms", token: sms, body, at: clock.now().addingTimeInterval(-301)).errorCode == "bad_signature")
            #expect(try await Self.reply(client, medium: "fax", token: sms, body, at: clock.now()).errorCode == "invalid_field")
            #expect(try await Self.reply(client, medium: "sms", token: sms, #"{"from":"1","text":"  "}"#, at: clock.now()).errorCode == "invalid_field")
            let timeline = try await harness.runtime.store.timeline(caseID: caseID)
            #expect(!timeline.contains { $0.kind == .customerReplied })
        }
    }

    @Test func aReplyChannelWithoutASecretTakesNoReplies() async throws {
        let harness = try await Self.start()
        var playbook = Fixture.messagingPlaybook()
        playbook.channels.append(Channel(key: "open-sms", name: "Unsigned SMS", kind: .sms))
        _ = try await harness.runtime.importPlaybook(playbook, by: "test")
        let token = try await harness.runtime.tokens.issueChannelToken(channel: "open-sms", label: "gateway")
        try await harness.router { client in
            let refused = try await Self.reply(client, medium: "sms", token: token, #"{"from":"+351912000111","text":"hi"}"#, at: harness.clock!.now())
            #expect(refused.status == .forbidden && refused.errorCode == "unsigned_channel")
        }
    }

    @Test func anEMailIsReceivedByARealSMTPServer() async throws {
        let server = try await MailServer.start()
        defer { server.stop() }
        let smtp = SMTPSettings(host: "127.0.0.1", port: server.port, from: "care@harbour.test", fromName: "Harbour Hotel Guest Care")
        let harness = try await Self.start(smtp: smtp)
        try await harness.router { client in
            let caseID = try await Self.openCase(client, harness, customer: #"{"email":"ana@example.com","name":"Ana Lúcia"}"#)
            _ = try await client.send(.post, "/v1/cases/\(caseID)/compensation", token: harness.frontline, json: #"{"remedy":"drinks","reason":"Sorry"}"#)
            let sent = try await client.send(.post, "/v1/cases/\(caseID)/messages", token: harness.frontline, json: #"{"kind":"apology","language":"en"}"#)
            #expect(sent.status == .accepted)
            #expect(try await harness.runtime.messages.runOnce() == 1)
            #expect(try await harness.runtime.store.messages(caseID: caseID).first?.state == .sent)
            let received = try #require(server.messages().first)
            #expect(received.contains("To: <ana@example.com>"))
            #expect(received.contains(#"From: "Harbour Hotel Guest Care" <care@harbour.test>"#))
            #expect(received.contains("Subject: =?UTF-8?B?" + Data("We are sorry, Ana Lúcia".utf8).base64EncodedString() + "?="))
            let body = try #require(received.components(separatedBy: "\n\n").dropFirst().first ?? received.components(separatedBy: "\r\n\r\n").dropFirst().first)
            let decoded = String(decoding: Data(base64Encoded: body.replacingOccurrences(of: "\n", with: "").replacingOccurrences(of: "\r", with: "")) ?? Data(), as: UTF8.self)
            #expect(decoded.contains("Dear Ana Lúcia,"))
            #expect(decoded.contains("As an apology: Drinks at the bar (25.00 EUR)."))
            #expect(decoded.hasSuffix("Marta"))
        }
    }
}
