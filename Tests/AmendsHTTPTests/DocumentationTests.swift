import AmendsCore
import AmendsHTTP
import AmendsTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite("API reference, health and metrics")
struct DocumentationTests {
    /// Every route the server answers, as "METHOD /path" with `{name}` for path parameters.
    static let routes = [
        "GET /health", "GET /metrics", "GET /openapi.json",
        "POST /v1/feedback", "POST /v1/feedback/batch", "GET /v1/feedback/{id}", "POST /v1/feedback/{id}/label",
        "POST /v1/cases", "GET /v1/cases", "GET /v1/cases/{id}", "POST /v1/cases/{id}/acknowledge",
        "POST /v1/cases/{id}/status", "POST /v1/cases/{id}/notes", "POST /v1/cases/{id}/steps",
        "POST /v1/cases/{id}/collaborators", "DELETE /v1/cases/{id}/collaborators/{staff}", "POST /v1/cases/{id}/status-link",
        "GET /customer/cases/{token}",
        "GET /v1/playbook", "PUT /v1/playbook", "POST /v1/channels/{key}/tokens",
        "GET /v1/alarms", "POST /v1/alarms/{id}/retry", "GET /v1/messages", "POST /v1/messages/{id}/retry",
        "POST /v1/cases/{id}/merge", "POST /v1/cases/{id}/assign", "POST /v1/cases/{id}/links", "DELETE /v1/cases/{id}/links/{other}", "GET /v1/audit", "POST /v1/sessions",
        "DELETE /v1/sessions/current",
        "GET /v1/staff", "POST /v1/staff",
        "PATCH /v1/staff/{id}", "POST /v1/staff/{id}/disable", "POST /v1/staff/{id}/password", "GET /v1/analyze", "POST /demo/inbox",
        "GET /demo/inbox", "GET /v1/remedies", "POST /v1/cases/{id}/compensation", "GET /v1/compensation", "GET /v1/compensation/{id}",
        "POST /v1/compensation/{id}/approve", "POST /v1/compensation/{id}/deny", "GET /v1/approvals", "POST /v1/staff/{id}/authority",
        "GET /v1/cases/{id}/messages/draft", "GET /v1/cases/{id}/messages", "POST /v1/cases/{id}/messages", "POST /v1/inbound/{medium}",
        "GET /customer/surveys/{token}", "POST /customer/surveys/{token}", "GET /v1/customers", "GET /v1/cases/{id}/customer",
        "POST /v1/visits", "GET /v1/visits/{id}", "GET /v1/campaigns", "GET /v1/campaigns/{key}", "GET /v1/locations/{key}/qr",
        "POST /f/{location}/{channel}",
    ]

    @Test func openAPIDocumentsEveryRouteAndEveryRouteExists() async throws {
        let harness = try await Harness.start()
        try await harness.router { client in
            let response = try await client.send(.get, "/openapi.json", token: nil)
            #expect(response.status == .ok)
            let document = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
            #expect(document?["openapi"] as? String == "3.1.0")
            let paths = document?["paths"] as? [String: [String: Any]] ?? [:]
            var documented: Set<String> = []
            for (path, operations) in paths {
                for method in operations.keys where ["get", "post", "put", "delete", "patch"].contains(method) {
                    documented.insert("\(method.uppercased()) \(path)")
                }
            }
            #expect(documented == Set(Self.routes))
            for route in Self.routes {
                let parts = route.split(separator: " ")
                let path = String(parts[1]).replacingOccurrences(of: "{id}", with: "x").replacingOccurrences(of: "{key}", with: "x").replacingOccurrences(of: "{staff}", with: "x")
                    .replacingOccurrences(of: "{token}", with: "x").replacingOccurrences(of: "{medium}", with: "sms")
                    .replacingOccurrences(of: "{location}", with: "x").replacingOccurrences(of: "{channel}", with: "x")
                let answer = try await client.send(HTTPRequest.Method(String(parts[0]))!, path, token: harness.admin)
                #expect(!String(buffer: answer.body).contains("no route matches"), "\(route)")
            }
        }
    }

    /// Operation ids name one operation each, and every link of a response leads to an operation that takes the
    /// parameters it fills: a client generator and the contract check read the document by them.
    @Test func operationIdsAreUniqueAndLinksLeadSomewhere() async throws {
        let harness = try await Harness.start()
        let text = try await harness.router { client in String(buffer: try await client.send(.get, "/openapi.json", token: nil).body) }
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var operations: [String: [String: Any]] = [:]
        for (_, methods) in paths {
            // Parameters of the path serve every operation on it.
            let shared = (methods["parameters"] as? [[String: Any]]) ?? []
            for (_, value) in methods {
                guard var operation = value as? [String: Any], let id = operation["operationId"] as? String else { continue }
                #expect(operations[id] == nil, "operationId \(id) names two operations")
                operation["parameters"] = shared + ((operation["parameters"] as? [[String: Any]]) ?? [])
                operations[id] = operation
            }
        }
        for (_, methods) in paths {
            for (method, value) in methods {
                guard let operation = value as? [String: Any], let responses = operation["responses"] as? [String: Any] else { continue }
                for (status, response) in responses {
                    guard let links = (response as? [String: Any])?["links"] as? [String: [String: Any]] else { continue }
                    for (name, link) in links {
                        guard let target = link["operationId"] as? String else { continue }
                        let found = try #require(operations[target], "\(method) \(status) link \(name) leads to no operation \(target)")
                        let components = (document["components"] as? [String: Any])?["parameters"] as? [String: [String: Any]] ?? [:]
                        let taken = Set(
                            ((found["parameters"] as? [[String: Any]]) ?? []).compactMap { parameter in
                                (parameter["$ref"] as? String).flatMap { components[String($0.split(separator: "/").last ?? "")] }?["name"] as? String
                                    ?? parameter["name"] as? String
                            })
                        for parameter in ((link["parameters"] as? [String: Any]) ?? [:]).keys {
                            let bare = parameter.split(separator: ".").last.map(String.init) ?? parameter
                            #expect(taken.contains(bare), "link \(name) fills \(parameter), which \(target) does not take")
                        }
                    }
                }
            }
        }
    }

    /// Every kind of timeline event the product writes is one the reference names, so a client that reads the enum
    /// understands every event.
    @Test func theReferenceNamesEveryKindOfTimelineEvent() async throws {
        let harness = try await Harness.start()
        let text = try await harness.router { client in String(buffer: try await client.send(.get, "/openapi.json", token: nil).body) }
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
        let kind = try #require(((schemas["TimelineEvent"] as? [String: Any])?["properties"] as? [String: Any])?["kind"] as? [String: Any])
        let documented = Set(try #require(kind["enum"] as? [String]))
        #expect(documented == Set(TimelineEvent.Kind.allCases.map(\.rawValue)))
    }

    @Test func healthAndMetrics() async throws {
        let harness = try await Harness.start()
        try await harness.router { client in
            #expect(try await client.send(.get, "/health", token: nil).json["status"] == .string("ok"))
            try await client.send(.post, "/v1/feedback", token: harness.channel, json: #"{"location":"lisbon","text":"dirty"}"#)
            let metrics = String(buffer: try await client.send(.get, "/metrics", token: nil).body)
            #expect(metrics.contains("amends_feedback_accepted_total 1"))
            #expect(metrics.contains("amends_cases_opened_total 1"))
        }
    }

    @Test func unknownRouteIsAJSONError() async throws {
        let harness = try await Harness.start()
        try await harness.router { client in
            let response = try await client.send(.get, "/v2/nothing", token: nil)
            #expect(response.status == .notFound)
            #expect(response.errorCode == "not_found")
        }
    }
}
