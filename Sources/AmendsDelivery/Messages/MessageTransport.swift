import AmendsCore
import AmendsJSON
import AsyncHTTPClient
import Foundation
import Logging
import Metrics
import NIOCore
import ServiceLifecycle

/// Sends one message to a customer.
public protocol MessageTransport: Sendable {
    /// Whether messages on `medium` can be sent at all (the server has a mail server or gateway for it).
    func handles(_ medium: MessageTemplate.Medium) -> Bool
    func send(_ message: CustomerMessage, at date: Date) async -> TransportResult
}

/// E-mail over SMTP; SMS and chat as signed JSON posted to a gateway (Standard Webhooks headers), in one shape:
/// `{"type": "message.sms", "id", "to", "text", "case_id", "language"}`.
public struct LiveMessageTransport: MessageTransport {
    let smtp: SMTPClient?
    let gateways: [MessageTemplate.Medium: String]
    let client: HTTPClient
    let secret: WebhookSecret
    let timeout: TimeAmount

    public init(smtp: SMTPSettings?, smsGateway: String?, chatGateway: String?, client: HTTPClient, secret: WebhookSecret, timeout: TimeAmount = .seconds(10)) {
        self.smtp = smtp.map { SMTPClient(settings: $0) }
        var gateways: [MessageTemplate.Medium: String] = [:]
        gateways[.sms] = smsGateway
        gateways[.chat] = chatGateway
        self.gateways = gateways
        self.client = client
        self.secret = secret
        self.timeout = timeout
    }

    public func handles(_ medium: MessageTemplate.Medium) -> Bool {
        medium == .email ? smtp != nil : gateways[medium] != nil
    }

    public func send(_ message: CustomerMessage, at date: Date) async -> TransportResult {
        switch message.medium {
        case .email:
            guard let smtp else { return .refused("no mail server is set up (AMENDS_SMTP_URL)") }
            do {
                try await smtp.send(to: message.address, subject: message.subject ?? "", body: message.body, messageID: message.id, date: date)
                return .accepted
            } catch let failure as SMTPClient.Failure {
                return failure.permanent ? .refused(failure.description) : .failed(failure.description)
            } catch {
                return .failed(LiveAlarmTransport.describe(error))
            }
        case .sms, .chat:
            guard let url = gateways[message.medium] else { return .refused("no \(message.medium.rawValue) gateway is set up") }
            var body: [String: JSONValue] = [
                "type": .string("message.\(message.medium.rawValue)"), "id": .string(message.id), "to": .string(message.address),
                "text": .string(message.body),
            ]
            // A campaign's survey invitation belongs to no case.
            if !message.caseID.isEmpty { body["case_id"] = .string(message.caseID) }
            if let language = message.language { body["language"] = .string(language) }
            let text = JSONValue.object(body).canonicalText
            let timestamp = Int(date.timeIntervalSince1970)
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "content-type", value: "application/json")
            request.headers.add(name: "user-agent", value: "Amends")
            request.headers.add(name: "webhook-id", value: message.id)
            request.headers.add(name: "webhook-timestamp", value: String(timestamp))
            request.headers.add(name: "webhook-signature", value: WebhookSigner.signature(id: message.id, timestamp: timestamp, body: text, secret: secret))
            request.body = .bytes(ByteBuffer(string: text))
            do {
                let response = try await client.execute(request, timeout: timeout)
                _ = try? await response.body.collect(upTo: 64 * 1024)
                if (200..<300).contains(response.status.code) { return .accepted }
                // A gateway that refuses the request itself (a bad number, say) will refuse it again.
                let code = response.status.code
                return (400..<500).contains(code) && code != 408 && code != 429 ? .refused("HTTP \(code)") : .failed("HTTP \(code)")
            } catch {
                return .failed(LiveAlarmTransport.describe(error))
            }
        }
    }
}
