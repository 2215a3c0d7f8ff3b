import AmendsApp
import AmendsCore
import Foundation
import Hummingbird

/// The console's deliveries: alarms and messages to customers that are failing or were given up on, with why, and
/// for leads a button that sends one again.
struct DeliveriesPageController: Controller {
    let runtime: Runtime

    func addRoutes(to routes: Routes) {
        routes.console("/console/deliveries", .frontline, use: deliveriesPage)
        routes.console("/console/alarms/:id/retry", method: .post, .lead, use: retryAlarm)
        routes.console("/console/messages/:id/retry", method: .post, .lead, use: retryMessage)
    }

    static let notices = ["alarm": "The alarm is queued again.", "message": "The message is queued again."]

    @Sendable func deliveriesPage(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let notice = request.uri.queryParameters.get("notice").flatMap { Self.notices[$0] }
        return try await page(context: context, notice: notice, problem: nil, status: .ok)
    }

    func page(context: AmendsRequestContext, notice: String?, problem: String?, status: HTTPResponse.Status) async throws -> Response {
        let member = try context.staff
        let locations = try context.scope.locations
        async let dead = runtime.store.alarms(state: .dead, caseID: nil, locations: locations, limit: 100)
        async let pending = runtime.store.alarms(state: .pending, caseID: nil, locations: locations, limit: 500)
        async let deadMessages = runtime.store.messages(state: .dead, locations: locations, limit: 100)
        async let queuedMessages = runtime.store.messages(state: .queued, locations: locations, limit: 500)
        let alarms = context.shown(try await dead + (try await pending).filter { $0.attempts > 0 })
        let messages = try await deadMessages + (try await queuedMessages).filter { $0.attempts > 0 }
        let utc = TimeZone(identifier: "UTC")!
        let mayRetry = member.role >= .lead
        let alarmRows = alarms.map { alarm -> [String: Any] in
            var row: [String: Any] = [
                "id": alarm.id, "case": "/console/cases/\(alarm.caseID)", "recipient": alarm.recipient, "endpoint": alarm.endpoint,
                "level": alarm.level + 1, "attempts": alarm.attempts, "dead": alarm.state == .dead, "retry": mayRetry && alarm.state == .dead,
                "created": ConsoleFormat.time(alarm.createdAt, in: utc),
            ]
            if let error = alarm.lastError { row["error"] = error }
            if alarm.state == .pending { row["next"] = ConsoleFormat.time(alarm.nextAttemptAt, in: utc) }
            return row
        }
        let messageRows = messages.map { message -> [String: Any] in
            var row: [String: Any] = [
                "id": message.id, "case": "/console/cases/\(message.caseID)", "medium": CustomerMessage.words(message.medium), "address": message.address,
                "attempts": message.attempts, "dead": message.state == .dead, "retry": mayRetry && message.state == .dead,
                "created": ConsoleFormat.time(message.createdAt, in: utc), "kind": message.kind?.words ?? "message",
            ]
            if let error = message.lastError { row["error"] = error }
            return row
        }
        var values: [String: Any] = [
            "alarms": alarmRows, "messages": messageRows, "no_alarms": alarmRows.isEmpty, "no_messages": messageRows.isEmpty,
        ]
        if let notice { values["notice"] = notice }
        if let problem { values["problem"] = problem }
        return ConsolePages.page("console-deliveries", title: "Deliveries", values, status: status, section: "/console/deliveries", context: context, runtime: runtime)
    }

    @Sendable func retryAlarm(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        do {
            _ = try await context.scope.alarm(id)
            _ = try await runtime.store.retry(alarmID: id, at: runtime.clock.now())
            runtime.deliveryBell.ring()
        } catch let error as AmendsError where error.kind == .conflict {
            return try await page(context: context, notice: nil, problem: error.message, status: .conflict)
        }
        return ConsoleSession.redirect(to: "/console/deliveries?notice=alarm")
    }

    @Sendable func retryMessage(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        do {
            _ = try await context.scope.message(id)
            _ = try await runtime.store.retry(messageID: id, at: runtime.clock.now())
            runtime.messageBell.ring()
        } catch let error as AmendsError where error.kind == .conflict {
            return try await page(context: context, notice: nil, problem: error.message, status: .conflict)
        }
        return ConsoleSession.redirect(to: "/console/deliveries?notice=message")
    }
}
