import AmendsApp
import AmendsCore
import Foundation
import Hummingbird

/// The console's customers: find one by e-mail address, phone or external id, and see them on one page (every
/// feedback item, case, message, grant and follow-up answer at the member's locations).
struct CustomersPageController: Controller {
    let runtime: Runtime

    func addRoutes(to routes: Routes) {
        routes.console("/console/customers", .frontline, use: customersPage)
        routes.console("/console/cases/:id/customer", .frontline, use: caseCustomer)
    }

    @Sendable func customersPage(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        let typed = ["email": parameters.get("email") ?? "", "phone": parameters.get("phone") ?? "", "external_id": parameters.get("external_id") ?? ""]
        var values: [String: Any] = [:]
        for (name, value) in typed { values["typed_\(name)"] = value }
        let identity = CustomerIdentity(
            email: typed["email"].flatMap { $0.isEmpty ? nil : $0 }, phone: typed["phone"].flatMap { $0.isEmpty ? nil : $0 },
            externalID: typed["external_id"].flatMap { $0.isEmpty ? nil : $0 })
        let asked = typed.values.contains { !$0.isEmpty }
        if asked {
            let keys = identity.keys
            if keys.isEmpty {
                values["problem"] = "That is no e-mail address, phone number or id to find a customer by."
            } else {
                let history = try await runtime.store.customerHistory(keys: keys, locations: try context.scope.locations)
                if history.feedback.isEmpty && history.cases.isEmpty {
                    values["nobody"] = true
                } else {
                    values["history"] = historyValues(history, preferences: try await preferences(of: history))
                }
            }
        }
        return ConsolePages.page(
            "console-customers", title: "Customers", values, status: values["problem"] == nil ? .ok : .unprocessableContent, section: "/console/customers",
            context: context, runtime: runtime)
    }

    @Sendable func caseCustomer(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let recoveryCase = try await context.scope.recoveryCase(id)
        var values: [String: Any] = ["from_case": "/console/cases/\(id)"]
        if let keys = recoveryCase.customer?.keys, !keys.isEmpty {
            let history = try await runtime.store.customerHistory(keys: keys, locations: try context.scope.locations)
            values["history"] = historyValues(history, preferences: try await preferences(of: history))
        } else {
            values["anonymous"] = true
        }
        return ConsolePages.page("console-customers", title: "The customer", values, section: "/console/customers", context: context, runtime: runtime)
    }

    /// What the customer told us about being contacted, under any of the identities their history shows.
    func preferences(of history: CustomerHistory) async throws -> CustomerPreferences {
        let identities =
            history.emails.map { CustomerIdentity(email: $0) } + history.phones.map { CustomerIdentity(phone: $0) }
            + history.externalIDs.map { CustomerIdentity(externalID: $0) }
        return try await runtime.store.customerPreferences(keys: identities.flatMap(\.keys))
    }

    /// The customer on one page, as the template shows it.
    func historyValues(_ history: CustomerHistory, preferences: CustomerPreferences = CustomerPreferences()) -> [String: Any] {
        let playbook = runtime.playbook.stored?.playbook
        func zone(_ location: String) -> TimeZone { ConsoleFormat.timeZone(of: location, in: playbook) }
        let caseLocations = Dictionary(history.cases.map { ($0.id, $0.location) }, uniquingKeysWith: { first, _ in first })
        var values: [String: Any] = [
            "name": history.names.first ?? "A customer without a name"
        ]
        for (name, list) in [("names", history.names), ("emails", history.emails), ("phones", history.phones), ("external_ids", history.externalIDs)]
        where !list.isEmpty {
            values[name] = list.joined(separator: ", ")
        }
        let zoneOfAll = ConsoleFormat.timeZone(of: history.cases.first?.location ?? history.feedback.first?.location ?? "", in: playbook)
        if let language = preferences.language {
            values["language"] = playbook?.pageText(.languageName, in: language) ?? PageText.shipped(.languageName, in: language) ?? language
        }
        values["consent"] =
            preferences.contactConsentAt.map { "agreed to be contacted on \(ConsoleFormat.time($0, in: zoneOfAll))" }
            ?? "never ticked the box to be contacted on a feedback page"
        values["surveys"] =
            preferences.unsubscribedAt.map { "unsubscribed on \(ConsoleFormat.time($0, in: zoneOfAll)); sent none since" } ?? "may be sent surveys"
        values["cases"] = history.cases.map { recoveryCase -> [String: Any] in
            var row: [String: Any] = [
                "href": "/console/cases/\(recoveryCase.id)", "summary": recoveryCase.summary, "status": recoveryCase.status.words,
                "scenario": playbook?.scenario(recoveryCase.scenario)?.name ?? recoveryCase.scenario,
                "location": playbook?.location(recoveryCase.location)?.name ?? recoveryCase.location,
                "opened": ConsoleFormat.time(recoveryCase.openedAt, in: zone(recoveryCase.location)),
            ]
            if let answer = history.followUps[recoveryCase.id] {
                row["outcome"] = "satisfaction \(answer.satisfaction) of 5" + (answer.comment.map { ": \($0)" } ?? "")
            }
            return row
        }
        values["feedback"] = history.feedback.map { item -> [String: Any] in
            var row: [String: Any] = [
                "channel": playbook?.channel(item.channel)?.name ?? item.channel,
                "at": ConsoleFormat.time(item.receivedAt, in: zone(item.location)), "failure": item.analysis.failure,
            ]
            if let score = item.score { row["score"] = "\(score.value) on \(score.scale.rawValue)" }
            if let text = item.text, !text.isEmpty { row["text"] = text }
            return row
        }
        values["messages"] = history.messages.map { message -> [String: Any] in
            var row: [String: Any] = [
                "direction": message.direction == .inbound ? "From the customer" : "To the customer", "medium": CustomerMessage.words(message.medium),
                "body": message.body, "at": ConsoleFormat.time(message.createdAt, in: zone(caseLocations[message.caseID] ?? "")),
                "state": message.state.rawValue, "href": "/console/cases/\(message.caseID)",
            ]
            if let subject = message.subject { row["subject"] = subject }
            return row
        }
        values["grants"] = history.compensation.map { grant -> [String: Any] in
            ["name": grant.name, "value": grant.value.description, "status": grant.status.rawValue, "href": "/console/cases/\(grant.caseID)"]
        }
        values["has_messages"] = !history.messages.isEmpty
        values["has_grants"] = !history.compensation.isEmpty
        return values
    }
}
