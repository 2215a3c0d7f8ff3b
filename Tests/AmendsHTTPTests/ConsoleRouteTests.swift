import AmendsApp
import AmendsCore
import AmendsHTTP
import AmendsTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// Every page and form of the console, in a table with the least role that opens it: without a session each sends the
/// browser to sign in; a role below it gets a page saying so; a form without its token is refused; and the role that
/// may, may.
@Suite("Web console routes")
struct ConsoleRouteTests {
    static let pages: [(String, StaffMember.Role)] = [
        ("/console", .frontline), ("/console/cases/{case}", .frontline), ("/console/cases/{case}/customer", .frontline),
        ("/console/report", .frontline), ("/console/approvals", .frontline), ("/console/customers", .frontline), ("/console/deliveries", .frontline),
        ("/console/ledger", .lead), ("/console/ledger.csv", .lead), ("/console/surveys", .lead), ("/console/admin/staff", .admin), ("/console/admin/playbook", .admin),
        ("/console/admin/channels", .admin), ("/console/admin/audit", .admin), ("/console/search", .frontline), ("/console/search?q=dirty", .frontline),
    ]

    static let forms: [(String, StaffMember.Role)] = [
        ("/console/sign-out", .frontline), ("/console/bulk", .frontline), ("/console/report", .frontline),
        ("/console/cases/{case}/acknowledge", .frontline), ("/console/cases/{case}/steps", .frontline), ("/console/cases/{case}/notes", .frontline),
        ("/console/cases/{case}/status", .frontline), ("/console/cases/{case}/messages", .frontline), ("/console/cases/{case}/compensation", .frontline),
        ("/console/cases/{case}/feedback/{feedback}/label", .frontline), ("/console/cases/{case}/merge", .frontline), ("/console/cases/{case}/assign", .lead),
        ("/console/cases/{case}/links", .frontline), ("/console/cases/{case}/links/{case}/unlink", .frontline),
        ("/console/compensation/nothing/approve", .frontline), ("/console/compensation/nothing/deny", .frontline),
        ("/console/alarms/nothing/retry", .lead), ("/console/messages/nothing/retry", .lead),
        ("/console/admin/staff", .admin), ("/console/admin/staff/{staff}", .admin), ("/console/admin/staff/{staff}/disable", .admin),
        ("/console/admin/staff/{staff}/password", .admin), ("/console/admin/staff/{staff}/link", .admin), ("/console/admin/staff/{staff}/authority", .admin),
        ("/console/admin/playbook", .admin), ("/console/admin/channels/web/tokens", .admin),
    ]

    @Test func eachPageAndFormTakesTheRolesItShouldAndRefusesTheOthers() async throws {
        let harness = try await Harness.start()
        _ = try await harness.runtime.importPlaybook(Fixture.compensatedPlaybook(), by: "test")
        var made: [StaffMember.Role: ConsoleTests.Session] = [:]
        for role in StaffMember.Role.allCases { made[role] = try await ConsoleTests.session(harness, name: "A \(role.rawValue)", role: role) }
        let sessions = made
        let target = try await harness.runtime.tokens.addStaff(name: "Target", email: nil, role: .frontline).0
        try await harness.router { client in
            let caseID = try await ConsoleTests.complain(client, harness, text: "The room was dirty")
            let feedbackID = try #require(try await harness.runtime.store.feedback(caseID: caseID, limit: 1).first).id
            func fill(_ path: String) -> String {
                path.replacingOccurrences(of: "{case}", with: caseID).replacingOccurrences(of: "{feedback}", with: feedbackID)
                    .replacingOccurrences(of: "{staff}", with: target.id)
            }
            for (page, least) in Self.pages {
                let path = fill(page)
                let anonymous = try await client.execute(uri: path, method: .get)
                #expect(anonymous.status == .seeOther && anonymous.headers[.location]?.hasPrefix("/console/sign-in") == true, "\(page)")
                for role in StaffMember.Role.allCases {
                    let (response, body) = try await ConsoleTests.page(client, path, session: sessions[role])
                    if role < least {
                        #expect(response.status == .forbidden && body.contains("This page needs the \(least.rawValue) role"), "\(page) as \(role)")
                    } else {
                        #expect(response.status == .ok, "\(page) as \(role): \(response.status)")
                        if response.headers[.contentType]?.hasPrefix("text/html") == true {
                            #expect(body.utf8.count < 100 * 1024, "\(page) weighs \(body.utf8.count) bytes")
                            #expect(body.contains(#"<main id="main">"#) && body.contains("</html>"), "\(page) is drawn whole")
                        }
                    }
                }
            }
            for (form, least) in Self.forms {
                let path = fill(form)
                let anonymous = try await ConsoleTests.post(client, path, session: nil, form: [])
                #expect(anonymous.status == .seeOther && anonymous.headers[.location]?.hasPrefix("/console/sign-in") == true, "\(form)")
                for role in StaffMember.Role.allCases where role < least {
                    let session = try #require(sessions[role])
                    let refused = try await ConsoleTests.post(client, path, session: session, form: [("csrf", session.csrf)])
                    #expect(refused.status == .forbidden, "\(form) as \(role)")
                }
                let session = try #require(sessions[least])
                let forged = try await ConsoleTests.post(client, path, session: session, form: [])
                #expect(forged.status == .forbidden && String(buffer: forged.body).contains("This form is out of date"), "\(form) without its token")
            }
            // The form the role may send goes through the rules of what it asks (sign-out last: it ends the session).
            for (form, least) in Self.forms.reversed() {
                let session = try #require(sessions[least])
                let sent = try await ConsoleTests.post(client, fill(form), session: session, form: [("csrf", session.csrf)])
                let body = String(buffer: sent.body)
                #expect(!body.contains("This form is out of date") && !body.contains("This page needs the"), "\(form): \(sent.status)")
                #expect(sent.status != .internalServerError, "\(form)")
            }
        }
    }
}
