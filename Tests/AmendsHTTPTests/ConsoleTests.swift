import AmendsApp
import AmendsCore
import AmendsHTTP
import AmendsTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// The web console's routes: signing in and out, the session cookie and form tokens, the security headers, and the
/// queue and case pages ruled as the API is.
@Suite("Web console")
struct ConsoleTests {
    /// A console session of a new staff member: the cookie to send and the form token its forms carry.
    struct Session {
        var member: StaffMember
        var token: String
        var csrf: String

        var cookie: HTTPFields { [.cookie: "amends_session=\(token)"] }
    }

    static func session(_ harness: Harness, name: String, role: StaffMember.Role, locations: [String]? = nil) async throws -> Session {
        let runtime = harness.runtime
        let (member, _) = try await runtime.tokens.addStaff(name: name, email: nil, role: role, locations: locations)
        let link = try await runtime.tokens.makeSignInLink(for: member)
        let session = try await runtime.tokens.useSignInLink(presented: link.token)
        let credential = try await runtime.tokens.check(presented: session.token)
        return Session(member: member, token: session.token, csrf: runtime.keys.formToken(session: credential.tokenID))
    }

    static func complain(_ client: any TestClientProtocol, _ harness: Harness, text: String, name: String = "Ana", location: String = "lisbon") async throws -> String {
        let json = try JSONSerialization.data(withJSONObject: [
            "channel": "web", "location": location, "customer": ["email": "\(UUID().uuidString.prefix(8))@example.com", "name": name], "text": text,
        ])
        let posted = try await client.send(.post, "/v1/feedback", token: harness.channel, json: String(decoding: json, as: UTF8.self))
        return try #require(posted.json["case"]?["id"]?.string, "\(String(buffer: posted.body))")
    }

    /// Posts a console form as a browser does.
    static func post(_ client: any TestClientProtocol, _ uri: String, session: Session?, form: [(String, String)], headers extra: HTTPFields = [:]) async throws
        -> TestResponse
    {
        var headers = session?.cookie ?? [:]
        headers[.contentType] = "application/x-www-form-urlencoded"
        for field in extra { headers[field.name] = field.value }
        let body = form.map { name, value in
            "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
        }.joined(separator: "&")
        return try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    static func page(_ client: any TestClientProtocol, _ uri: String, session: Session?) async throws -> (TestResponse, String) {
        let response = try await client.execute(uri: uri, method: .get, headers: session?.cookie ?? [:], body: nil)
        return (response, String(buffer: response.body))
    }

    @Test func pagesNeedASessionAndComeBackAfterSigningIn() async throws {
        let harness = try await Harness.start()
        try await harness.router { client in
            let root = try await client.execute(uri: "/", method: .get)
            #expect(root.status == .seeOther && root.headers[.location] == "/console")
            let queue = try await client.execute(uri: "/console", method: .get)
            #expect(queue.status == .seeOther && queue.headers[.location] == "/console/sign-in")
            let deep = try await client.execute(uri: "/console/cases/abc?notice=step", method: .get)
            #expect(deep.status == .seeOther && deep.headers[.location] == "/console/sign-in?next=%2Fconsole%2Fcases%2Fabc%3Fnotice%3Dstep")
            // A cookie that names no session is told it ended.
            let stale = try await client.execute(uri: "/console", method: .get, headers: [.cookie: "amends_session=ams_nothing"])
            #expect(stale.headers[.location] == "/console/sign-in?notice=expired")
            let (signIn, html) = try await Self.page(client, "/console/sign-in?notice=expired", session: nil)
            #expect(signIn.status == .ok && html.contains("Your session ended. Sign in again.") && html.contains(#"<button type="submit">Sign in</button>"#))
        }
    }

    @Test func signingInWithAPasswordSetsAPrivateCookieAndKeepsWhatWasTyped() async throws {
        let harness = try await Harness.start(configure: { $0.passwordCost = 4 })
        let runtime = harness.runtime
        let (member, _) = try await runtime.tokens.addStaff(name: "Inês", email: "ines@example.com", role: .frontline)
        try await runtime.tokens.setPassword("harbour-lights-42", for: member.id)
        try await harness.router { client in
            let wrong = try await Self.post(client, "/console/sign-in", session: nil, form: [("email", "ines@example.com"), ("password", "harbour-lights-43")])
            let page = String(buffer: wrong.body)
            #expect(wrong.status == .unauthorized)
            #expect(page.contains(#"value="ines@example.com""#) && page.contains("The e-mail address or the password is wrong"))
            #expect(!page.contains("harbour-lights-43"), "a password is never shown back")
            let blank = try await Self.post(client, "/console/sign-in", session: nil, form: [("email", "ines@example.com"), ("password", "")])
            #expect(blank.status == .unprocessableContent && String(buffer: blank.body).contains("Enter your e-mail address and your password."))

            let right = try await Self.post(
                client, "/console/sign-in", session: nil,
                form: [("email", "ines@example.com"), ("password", "harbour-lights-42"), ("next", "/console/cases/x")])
            #expect(right.status == .seeOther && right.headers[.location] == "/console/cases/x")
            let cookie = try #require(right.headers[.setCookie])
            for attribute in ["amends_session=ams_", "HttpOnly", "SameSite=Lax", "Path=/console", "Max-Age=43200"] {
                #expect(cookie.contains(attribute), "\(cookie)")
            }
            #expect(!cookie.contains("Secure"))
            // Another site is never where a sign-in sends the browser.
            let away = try await Self.post(
                client, "/console/sign-in", session: nil,
                form: [("email", "ines@example.com"), ("password", "harbour-lights-42"), ("next", "https://evil.example/console")])
            #expect(away.headers[.location] == "/console")
            let token = String(cookie.dropFirst("amends_session=".count).prefix { $0 != ";" })
            let (queue, html) = try await Self.page(client, "/console", session: Session(member: member, token: token, csrf: ""))
            #expect(queue.status == .ok && html.contains("Inês") && html.contains(">Sign out</button>"))
        }
    }

    @Test func behindHTTPSTheCookieIsSecure() async throws {
        let harness = try await Harness.start(configure: { $0.secureCookies = true })
        let (member, _) = try await harness.runtime.tokens.addStaff(name: "Inês", email: nil, role: .frontline)
        let link = try await harness.runtime.tokens.makeSignInLink(for: member)
        try await harness.router { client in
            let signedIn = try await Self.post(client, "/console/welcome/\(link.token)", session: nil, form: [])
            #expect(signedIn.headers[.setCookie]?.contains("Secure") == true)
        }
    }

    @Test func aSignInLinkWorksOnceInABrowserAndNeverAsAToken() async throws {
        let harness = try await Harness.start()
        let runtime = harness.runtime
        let (member, _) = try await runtime.tokens.addStaff(name: "Dana Ruiz", email: nil, role: .lead)
        let link = try await runtime.tokens.makeSignInLink(for: member)
        try await harness.router { client in
            #expect(try await client.send(.get, "/v1/cases", token: link.token).errorCode == "invalid_token")
            // Opening the link uses nothing up: mail scanners open links.
            for _ in 0..<2 {
                let (opened, html) = try await Self.page(client, "/console/welcome/\(link.token)", session: nil)
                #expect(opened.status == .ok && html.contains("Sign in as Dana Ruiz"))
            }
            let used = try await Self.post(client, "/console/welcome/\(link.token)", session: nil, form: [])
            #expect(used.status == .seeOther && used.headers[.location] == "/console" && used.headers[.setCookie]?.contains("amends_session=ams_") == true)
            let again = try await Self.post(client, "/console/welcome/\(link.token)", session: nil, form: [])
            #expect(again.status == .notFound && String(buffer: again.body).contains("unknown, used or expired"))
            #expect(try await Self.page(client, "/console/welcome/\(link.token)", session: nil).0.status == .notFound)
            // An hour on, an unused link is dead.
            let late = try await runtime.tokens.makeSignInLink(for: member)
            harness.clock?.advance(by: 3601)
            #expect(try await Self.post(client, "/console/welcome/\(late.token)", session: nil, form: []).status == .notFound)
        }
    }

    @Test func signingOutEndsTheSession() async throws {
        let harness = try await Harness.start()
        let session = try await Self.session(harness, name: "Marta", role: .frontline)
        try await harness.router { client in
            let out = try await Self.post(client, "/console/sign-out", session: session, form: [("csrf", session.csrf)])
            #expect(out.status == .seeOther && out.headers[.location] == "/console/sign-in?notice=signed-out")
            #expect(out.headers[.setCookie]?.contains("Max-Age=0") == true)
            #expect(try await Self.page(client, "/console", session: session).0.status == .seeOther)
            #expect(try await client.send(.get, "/v1/cases", token: session.token).status == .unauthorized)
        }
    }

    @Test func aFormFromAnotherSiteOrWithoutItsTokenIsRefused() async throws {
        let harness = try await Harness.start()
        let session = try await Self.session(harness, name: "Marta", role: .frontline)
        let other = try await Self.session(harness, name: "Rui", role: .frontline)
        try await harness.router { client in
            let caseID = try await Self.complain(client, harness, text: "The room was dirty")
            let action = "/console/cases/\(caseID)/notes"
            let refusals: [(String, [(String, String)], HTTPFields)] = [
                ("no token", [("text", "A note")], [:]),
                ("a wrong token", [("text", "A note"), ("csrf", "forged")], [:]),
                ("another session's token", [("text", "A note"), ("csrf", other.csrf)], [:]),
                ("another site's page", [("text", "A note"), ("csrf", session.csrf)], [.origin: "https://evil.example"]),
                ("a cross-site fetch", [("text", "A note"), ("csrf", session.csrf)], [.secFetchSite: "cross-site"]),
            ]
            for (what, form, headers) in refusals {
                let refused = try await Self.post(client, action, session: session, form: form, headers: headers)
                #expect(refused.status == .forbidden, "\(what)")
                #expect(refused.headers[.contentType]?.hasPrefix("text/html") == true, "\(what)")
            }
            #expect(try await harness.runtime.store.timeline(caseID: caseID).allSatisfy { $0.kind != .note })
            let accepted = try await Self.post(client, action, session: session, form: [("text", "A note"), ("csrf", session.csrf)])
            #expect(accepted.status == .seeOther && accepted.headers[.location] == "/console/cases/\(caseID)?notice=note")
            let audit = try await harness.runtime.store.auditLog(AuditQuery(target: caseID, limit: 50)).items
            #expect(audit.contains { $0.action == "case.note_added" && $0.actor == "staff:\(session.member.id)" })
        }
    }

    @Test func everyPageKeepsToItselfAndIsLight() async throws {
        let harness = try await Harness.start()
        let session = try await Self.session(harness, name: "Marta", role: .frontline)
        try await harness.router { client in
            let caseID = try await Self.complain(client, harness, text: "The room was dirty")
            var weights: [String: Int] = [:]
            for uri in ["/console/sign-in", "/console", "/console/cases/\(caseID)", "/health", "/assets/console.css", "/assets/console.js"] {
                let (response, body) = try await Self.page(client, uri, session: uri == "/console/sign-in" ? nil : session)
                #expect(response.status == .ok, "\(uri)")
                let policy = try #require(response.headers[.contentSecurityPolicy], "\(uri)")
                #expect(policy.contains("script-src 'self'") && policy.contains("style-src 'self'") && policy.contains("frame-ancestors 'none'"))
                #expect(!policy.contains("unsafe-inline"))
                #expect(response.headers[.contentTypeOptions] == "nosniff")
                weights[uri] = body.utf8.count
                if response.headers[.contentType]?.hasPrefix("text/html") == true {
                    // No inline script or style: everything comes from the server's own files.
                    #expect(!body.contains("<style") && !body.contains(" style=") && !body.contains("<script>"), "\(uri)")
                    #expect(!body.contains(#"src="http"#) && !body.contains(#"href="http"#), "\(uri) loads nothing from another site")
                }
            }
            #expect(try await client.execute(uri: "/assets/console.css", method: .get).headers[.contentType] == "text/css; charset=utf-8")
            #expect(try await client.execute(uri: "/assets/nothing.css", method: .get).status == .notFound)
            let assets = (weights["/assets/console.css"] ?? 0) + (weights["/assets/console.js"] ?? 0)
            for page in ["/console/sign-in", "/console", "/console/cases/\(caseID)"] {
                #expect((weights[page] ?? 0) + assets < 150 * 1024, "\(page) with its assets weighs \((weights[page] ?? 0) + assets) bytes")
            }
            let customer = try await client.execute(uri: "/customer/cases/nothing", method: .get)
            #expect(customer.headers[.referrerPolicy] == "no-referrer")
        }
    }

    @Test func whatCustomersAndStaffTypedIsShownAsText() async throws {
        let harness = try await Harness.start()
        let session = try await Self.session(harness, name: "Marta", role: .frontline)
        try await harness.router { client in
            let payloads = [
                "<script>alert(1)</script>", #""><img src=x onerror=alert(1)>"#, "<svg/onload=alert(1)>", "{{csrf}} {{#member}}x{{/member}}",
            ]
            for payload in payloads {
                let caseID = try await Self.complain(client, harness, text: "The room was dirty \(payload)", name: payload)
                _ = try await Self.post(client, "/console/cases/\(caseID)/acknowledge", session: session, form: [("csrf", session.csrf)])
                _ = try await Self.post(client, "/console/cases/\(caseID)/notes", session: session, form: [("text", payload), ("csrf", session.csrf)])
                for uri in ["/console", "/console/cases/\(caseID)"] {
                    let (_, html) = try await Self.page(client, uri, session: session)
                    #expect(!html.contains("<script>alert") && !html.contains("<img src=x") && !html.contains("<svg/onload"), "\(uri): \(payload)")
                }
                let (_, html) = try await Self.page(client, "/console/cases/\(caseID)", session: session)
                if payload.hasPrefix("<script>") { #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;")) }
                // A value is never read as a template: it shows as typed, and the form token is not in it.
                if payload.hasPrefix("{{") { #expect(html.contains("The room was dirty {{csrf}} {{#member}}x{{/member}}")) }
            }
        }
    }

    @Test func aMemberSeesAndDoesOnlyWhatTheAPILetsThem() async throws {
        let harness = try await Harness.start()
        let porto = try await Self.session(harness, name: "Rita", role: .frontline, locations: ["porto"])
        let owner = try await Self.session(harness, name: "Marta", role: .frontline)
        let other = try await Self.session(harness, name: "Rui", role: .frontline)
        try await harness.router { client in
            let lisbon = try await Self.complain(client, harness, text: "The room was dirty in Lisbon")
            let inPorto = try await Self.complain(client, harness, text: "The room was dirty in Porto", location: "porto")
            let (_, queue) = try await Self.page(client, "/console", session: porto)
            #expect(queue.contains("dirty in Porto") && !queue.contains("dirty in Lisbon"))
            let (hidden, page) = try await Self.page(client, "/console/cases/\(lisbon)", session: porto)
            #expect(hidden.status == .forbidden && page.contains("location &#39;lisbon&#39;") || page.contains("location 'lisbon'"))
            let refused = try await Self.post(client, "/console/cases/\(lisbon)/acknowledge", session: porto, form: [("csrf", porto.csrf)])
            #expect(refused.status == .forbidden)
            #expect(try await harness.runtime.store.recoveryCase(id: lisbon)?.owner == nil)
            let (_, filtered) = try await Self.page(client, "/console?location=lisbon", session: porto)
            #expect(filtered.contains("location: you do not work") && !filtered.contains("dirty in Lisbon"))
            _ = inPorto

            // Only the owner or a lead moves a case: a colleague sees no moves, and a stale form gets the reason.
            _ = try await Self.post(client, "/console/cases/\(lisbon)/acknowledge", session: owner, form: [("csrf", owner.csrf)])
            let (_, seen) = try await Self.page(client, "/console/cases/\(lisbon)", session: other)
            #expect(seen.contains("Only the owner or a lead moves this case.") && !seen.contains(">Resolve</button>"))
            let moved = try await Self.post(
                client, "/console/cases/\(lisbon)/status", session: other, form: [("status", "in_progress"), ("csrf", other.csrf)])
            #expect(moved.status == .forbidden, "\(String(buffer: moved.body))")
            #expect(String(buffer: moved.body).contains("only the case&#39;s owner or a lead may move case"), "\(String(buffer: moved.body))")
        }
    }

    @Test func aCaseIsWorkedThroughItsPage() async throws {
        let harness = try await Harness.start()
        let session = try await Self.session(harness, name: "Marta", role: .frontline)
        let late = try await Self.session(harness, name: "Rui", role: .frontline)
        try await harness.router { client in
            let caseID = try await Self.complain(client, harness, text: "The room was dirty")
            let path = "/console/cases/\(caseID)"
            var (_, html) = try await Self.page(client, path, session: session)
            #expect(html.contains(">Acknowledge</button>") && html.contains("Acknowledge by") && html.contains("WET") || html.contains("WEST"))
            let acknowledged = try await Self.post(client, "\(path)/acknowledge", session: session, form: [("csrf", session.csrf)])
            #expect(acknowledged.headers[.location] == "\(path)?notice=acknowledged")
            // A page opened before: acknowledging what someone else owns now says so, as the API does.
            let stale = try await Self.post(client, "\(path)/acknowledge", session: late, form: [("csrf", late.csrf)])
            #expect(stale.status == .conflict && String(buffer: stale.body).contains("Marta"))

            // A step needs what was done; the page says so and keeps the form.
            let empty = try await Self.post(client, "\(path)/steps", session: session, form: [("step", "apologize"), ("note", "  "), ("csrf", session.csrf)])
            #expect(empty.status == .unprocessableContent && String(buffer: empty.body).contains("say what was done"))
            let step = try await Self.post(
                client, "\(path)/steps", session: session, form: [("step", "apologize"), ("note", "At the desk"), ("csrf", session.csrf)])
            #expect(step.headers[.location] == "\(path)?notice=step")
            // Resolving needs a root cause: what was typed stays, and the field is named.
            let noCause = try await Self.post(
                client, "\(path)/status", session: session,
                form: [("status", "resolved"), ("root_cause_category", "process"), ("root_cause_description", ""), ("note", "New room"), ("csrf", session.csrf)])
            let refused = String(buffer: noCause.body)
            #expect(noCause.status == .unprocessableContent && refused.contains("root_cause.description"))
            #expect(refused.contains(#"value="process""#) && refused.contains(#"value="New room""#))
            let resolved = try await Self.post(
                client, "\(path)/status", session: session,
                form: [
                    ("status", "resolved"), ("root_cause_category", "process"), ("root_cause_description", "Released before the check"), ("csrf", session.csrf),
                ])
            #expect(resolved.headers[.location] == "\(path)?notice=moved")
            (_, html) = try await Self.page(client, path, session: session)
            #expect(html.contains(">Close</button>") && html.contains(">Reopen</button>") && html.contains("Released before the check"))
            // Closing takes the cause given on resolving.
            let closed = try await Self.post(
                client, "\(path)/status", session: session,
                form: [("status", "closed"), ("root_cause_category", "process"), ("root_cause_description", "Released before the check"), ("csrf", session.csrf)])
            #expect(closed.headers[.location] == "\(path)?notice=moved")
            #expect(try await harness.runtime.store.recoveryCase(id: caseID)?.status == .closed)
            let note = try await Self.post(client, "\(path)/notes", session: session, form: [("text", ""), ("csrf", session.csrf)])
            #expect(note.status == .unprocessableContent)
            let unknown = try await Self.post(client, "\(path)/steps", session: session, form: [("step", "dance"), ("note", "x"), ("csrf", session.csrf)])
            #expect(unknown.status == .unprocessableContent && String(buffer: unknown.body).contains("not a step"))
            #expect(try await Self.page(client, "/console/cases/nothing", session: session).0.status == .notFound)
        }
    }

    @Test func theQueueSortsByDeadlineFiltersAndCounts() async throws {
        let harness = try await Harness.start()
        let clock = try #require(harness.clock)
        let session = try await Self.session(harness, name: "Marta", role: .frontline)
        try await harness.router { client in
            let first = try await Self.complain(client, harness, text: "The room was dirty, first")
            clock.advance(by: 60)
            let noisy = try await Self.complain(client, harness, text: "Too loud, could not sleep")
            let (_, html) = try await Self.page(client, "/console", session: session)
            let firstAt = try #require(html.range(of: first)).lowerBound
            let noisyAt = try #require(html.range(of: noisy)).lowerBound
            // Noise is acknowledged within 10 minutes, a dirty room within 15: the noise, a minute later, comes first.
            #expect(noisyAt < firstAt, "the nearest deadline first")
            #expect(html.contains(#"<span class="count">2</span> Unacknowledged"#))
            let (_, noise) = try await Self.page(client, "/console?scenario=noise", session: session)
            #expect(noise.contains(noisy) && !noise.contains(first) && noise.contains(#"<option value="noise" selected>"#))
            let (_, wrong) = try await Self.page(client, "/console?severity=urgent&due=soon", session: session)
            #expect(wrong.contains("severity: &#39;urgent&#39; is not a severity") || wrong.contains("severity: 'urgent' is not a severity"))
            #expect(wrong.contains("due:"))
            // Past the acknowledgement deadline both are overdue.
            clock.advance(by: 3600 * 3)
            let (_, overdue) = try await Self.page(client, "/console?due=overdue", session: session)
            #expect(overdue.contains(first) && overdue.contains(noisy) && overdue.contains(#"<span class="count">2</span> Overdue"#))
            _ = try await Self.post(client, "/console/cases/\(first)/acknowledge", session: session, form: [("csrf", session.csrf)])
            let (_, mine) = try await Self.page(client, "/console?view=mine", session: session)
            #expect(mine.contains(first) && !mine.contains(noisy))
            let (_, nobody) = try await Self.page(client, "/console?owner=nobody", session: session)
            #expect(nobody.contains(noisy) && !nobody.contains(first))
        }
    }

    @Test func messagesAreDraftedEditedAndSentFromTheCasePage() async throws {
        let harness = try await Harness.start()
        _ = try await harness.runtime.importPlaybook(Fixture.messagingPlaybook(), by: "test")
        let session = try await Self.session(harness, name: "Marta", role: .frontline)
        try await harness.router { client in
            let caseID = try await Self.complain(client, harness, text: "The room was dirty")
            let path = "/console/cases/\(caseID)"
            _ = try await Self.post(client, "\(path)/acknowledge", session: session, form: [("csrf", session.csrf)])
            let (_, drafted) = try await Self.page(client, "\(path)?draft=apology&medium=email", session: session)
            #expect(drafted.contains(#"value="We are sorry, Ana""#) && drafted.contains("Drafted from the apology template in en"), "\(drafted)")
            let (_, missing) = try await Self.page(client, "\(path)?draft=follow_up", session: session)
            #expect(missing.contains("has no follow-up template") || missing.contains("no follow_up template"), "\(missing)")
            // With no mail server, sending says so and keeps the text.
            let form = [("kind", "apology"), ("medium", "email"), ("subject", "We are sorry"), ("body", "Dear Ana, edited by hand."), ("csrf", session.csrf)]
            let refused = try await Self.post(client, "\(path)/messages", session: session, form: form)
            let page = String(buffer: refused.body)
            #expect(refused.status == .conflict && page.contains("no mail server") && page.contains("Dear Ana, edited by hand."))
            harness.runtime.demoInbox.takesMessages = true
            let sent = try await Self.post(client, "\(path)/messages", session: session, form: form)
            #expect(sent.headers[.location] == "\(path)?notice=message")
            let messages = try await harness.runtime.store.messages(caseID: caseID)
            #expect(messages.count == 1 && messages[0].body == "Dear Ana, edited by hand." && messages[0].subject == "We are sorry")
            let (_, shown) = try await Self.page(client, path, session: session)
            #expect(shown.contains("Dear Ana, edited by hand.") && shown.contains("waiting to be sent"))
        }
    }

    @Test func compensationIsGrantedWithinAuthorityAndApprovedAboveIt() async throws {
        let harness = try await Harness.start()
        _ = try await harness.runtime.importPlaybook(Fixture.compensatedPlaybook(), by: "test")
        let marta = try await Self.session(harness, name: "Marta", role: .frontline)
        let manager = try await Self.session(harness, name: "Manager", role: .manager)
        try await harness.router { client in
            let caseID = try await Self.complain(client, harness, text: "The room was dirty")
            let path = "/console/cases/\(caseID)"
            _ = try await Self.post(client, "\(path)/acknowledge", session: marta, form: [("csrf", marta.csrf)])
            var (_, html) = try await Self.page(client, path, session: marta)
            #expect(html.contains("up to 50.00 EUR at a time, and 60.00 EUR more today"), "\(html)")
            let noReason = try await Self.post(client, "\(path)/compensation", session: marta, form: [("remedy", "drinks"), ("reason", ""), ("csrf", marta.csrf)])
            #expect(noReason.status == .unprocessableContent && String(buffer: noReason.body).contains("say why it is granted"))
            let granted = try await Self.post(
                client, "\(path)/compensation", session: marta, form: [("remedy", "drinks"), ("reason", "Sorry about the room"), ("csrf", marta.csrf)])
            #expect(granted.headers[.location] == "\(path)?notice=granted")
            (_, html) = try await Self.page(client, path, session: marta)
            #expect(html.contains("35.00 EUR more today"))
            let tooMuch = try await Self.post(
                client, "\(path)/compensation", session: marta, form: [("remedy", "refund"), ("amount", "abc"), ("reason", "Refund"), ("csrf", marta.csrf)])
            #expect(tooMuch.status == .unprocessableContent && String(buffer: tooMuch.body).contains(#"value="abc""#))
            let held = try await Self.post(
                client, "\(path)/compensation", session: marta, form: [("remedy", "night"), ("reason", "A night on us"), ("csrf", marta.csrf)])
            #expect(held.headers[.location] == "\(path)?notice=pending")
            // Marta cannot approve her own; the manager finds it in Approvals.
            let (_, none) = try await Self.page(client, "/console/approvals", session: marta)
            #expect(none.contains("Nothing waits for you."))
            let (_, waiting) = try await Self.page(client, "/console/approvals", session: manager)
            #expect(waiting.contains("A free night, 120.00 EUR") && waiting.contains("beyond the asker&#39;s authority"), "\(waiting)")
            let grant = try #require(try await harness.runtime.store.compensationLedger(CompensationQuery(status: .pending, limit: 10)).items.first)
            let denied = try await Self.post(client, "/console/compensation/\(grant.id)/deny", session: manager, form: [("reason", " "), ("csrf", manager.csrf)])
            #expect(denied.status == .unprocessableContent && String(buffer: denied.body).contains("say why it is denied"))
            let approved = try await Self.post(
                client, "/console/compensation/\(grant.id)/approve", session: manager, form: [("reason", "Fair"), ("csrf", manager.csrf)])
            #expect(approved.headers[.location] == "/console/approvals?notice=approved")
            #expect(try await harness.runtime.store.compensation(id: grant.id)?.status == .granted)
            let again = try await Self.post(client, "/console/compensation/\(grant.id)/approve", session: manager, form: [("csrf", manager.csrf)])
            #expect(again.status == .conflict && String(buffer: again.body).contains("problem"))
        }
    }

    @Test func aFailureSeenInPersonIsLoggedFromAForm() async throws {
        let harness = try await Harness.start()
        let session = try await Self.session(harness, name: "Rita", role: .frontline, locations: ["porto"])
        try await harness.router { client in
            let (_, form) = try await Self.page(client, "/console/report", session: session)
            #expect(form.contains(#"<option value="porto""#) && !form.contains(#"<option value="lisbon""#))
            let missing = try await Self.post(
                client, "/console/report", session: session, form: [("location", "porto"), ("scenario", ""), ("description", "Broken lift"), ("csrf", session.csrf)])
            #expect(missing.status == .unprocessableContent && String(buffer: missing.body).contains("Broken lift"))
            let elsewhere = try await Self.post(
                client, "/console/report", session: session, form: [("location", "lisbon"), ("scenario", "noise"), ("csrf", session.csrf)])
            #expect(elsewhere.status == .forbidden)
            let logged = try await Self.post(
                client, "/console/report", session: session,
                form: [("location", "porto"), ("scenario", "noise"), ("description", "Party on floor 3"), ("email", "guest@example.com"), ("csrf", session.csrf)])
            let location = try #require(logged.headers[.location])
            #expect(location.hasPrefix("/console/cases/") && location.hasSuffix("?notice=reported"))
            let id = String(location.dropFirst("/console/cases/".count).prefix { $0 != "?" })
            let opened = try #require(try await harness.runtime.store.recoveryCase(id: id))
            #expect(opened.origin == .staff && opened.location == "porto" && opened.customer?.email == "guest@example.com")
        }
    }

    @Test func theCustomersWordsAreShownWithWhatMadeThemAFailureAndCanBeCorrected() async throws {
        let harness = try await Harness.start()
        let session = try await Self.session(harness, name: "Marta", role: .frontline)
        try await harness.router { client in
            let caseID = try await Self.complain(client, harness, text: "Lovely staff but the bathroom was dirty & <b>old</b>")
            let path = "/console/cases/\(caseID)"
            let (_, html) = try await Self.page(client, path, session: session)
            #expect(html.contains("Lovely staff but the bathroom was <mark>dirty</mark> &amp; &lt;b&gt;old&lt;/b&gt;"), "\(html)")
            #expect(html.contains("Phrase &#39;dirty&#39; of scenario &#39;unclean-room&#39; matched &#39;dirty&#39;."))
            let feedback = try #require(try await harness.runtime.store.feedback(caseID: caseID, limit: 5).first)
            let noCategory = try await Self.post(
                client, "\(path)/feedback/\(feedback.id)/label", session: session, form: [("failure", "true"), ("category", ""), ("csrf", session.csrf)])
            #expect(noCategory.status == .unprocessableContent && String(buffer: noCategory.body).contains("name the category"))
            let corrected = try await Self.post(
                client, "\(path)/feedback/\(feedback.id)/label", session: session, form: [("failure", "false"), ("csrf", session.csrf)])
            #expect(corrected.headers[.location] == "\(path)?notice=corrected")
            #expect(try await harness.runtime.store.timeline(caseID: caseID).contains { $0.kind == .feedbackLabeled })
            let texts = try await harness.runtime.store.labeledTexts()
            #expect(texts.contains { $0.text.contains("bathroom was dirty") && !$0.failure })
            // Feedback of another case is not corrected through this one.
            let other = try await Self.complain(client, harness, text: "Stains on the sheets")
            let elsewhere = try await Self.post(
                client, "/console/cases/\(other)/feedback/\(feedback.id)/label", session: session, form: [("failure", "false"), ("csrf", session.csrf)])
            #expect(elsewhere.status == .notFound)
        }
    }

    @Test func customersAreFoundAndSeenOnOnePage() async throws {
        let harness = try await Harness.start()
        let everywhere = try await Self.session(harness, name: "Marta", role: .frontline)
        let porto = try await Self.session(harness, name: "Rita", role: .frontline, locations: ["porto"])
        try await harness.router { client in
            let json = #"{"channel":"web","location":"lisbon","customer":{"email":"Ana@Example.com","name":"Ana Sousa"},"text":"The room was dirty"}"#
            let caseID = try #require(try await client.send(.post, "/v1/feedback", token: harness.channel, json: json).json["case"]?["id"]?.string)
            let (_, found) = try await Self.page(client, "/console/customers?email=ana%40example.com", session: everywhere)
            #expect(found.contains("<h1>Ana Sousa</h1>") && found.contains("The room was dirty") && found.contains("/console/cases/\(caseID)"))
            let (_, fromCase) = try await Self.page(client, "/console/cases/\(caseID)/customer", session: everywhere)
            #expect(fromCase.contains("<h1>Ana Sousa</h1>") && fromCase.contains("Back to the case"))
            let (bad, problem) = try await Self.page(client, "/console/customers?phone=abc", session: everywhere)
            #expect(bad.status == .unprocessableContent && problem.contains("no e-mail address, phone number or id") && problem.contains(#"value="abc""#))
            // At Porto alone, Lisbon's customer is nobody.
            let (_, hidden) = try await Self.page(client, "/console/customers?email=ana%40example.com", session: porto)
            #expect(hidden.contains("No customer with that address") && !hidden.contains("Ana Sousa"))
        }
    }

    @Test func searchOpensACaseByItsReferenceAndFindsCasesByWordsOrCustomer() async throws {
        let harness = try await Harness.start()
        let everywhere = try await Self.session(harness, name: "Marta", role: .frontline)
        let porto = try await Self.session(harness, name: "Rita", role: .frontline, locations: ["porto"])
        try await harness.router { client in
            let towels = try await Self.complain(client, harness, text: "Stained TOWELS in the bathroom", name: "Ana Sousa")
            let noise = try await Self.complain(client, harness, text: "Too loud, could not sleep", name: "Bruno <b>Reis</b>")
            let reference = try #require(try await harness.runtime.store.recoveryCase(id: towels)).reference
            // A reference, in any case and with spaces around it, opens the case.
            let (opened, _) = try await Self.page(client, "/console/search?q=%20\(reference.lowercased())%20", session: everywhere)
            #expect(opened.status == .seeOther && opened.headers[.location] == "/console/cases/\(towels)")
            // Words find the summary, letter case aside; a customer's name finds their case.
            let (_, byWords) = try await Self.page(client, "/console/search?q=towels", session: everywhere)
            #expect(byWords.contains("/console/cases/\(towels)") && !byWords.contains("/console/cases/\(noise)"))
            let (_, byName) = try await Self.page(client, "/console/search?q=reis", session: everywhere)
            #expect(byName.contains("/console/cases/\(noise)") && byName.contains("Bruno &lt;b&gt;Reis&lt;/b&gt;") && !byName.contains("<b>Reis</b>"))
            // The customer column's own keys match nothing, and a wildcard is a character like any other.
            for words in ["external_id", "email", "%", "_"] {
                let (_, none) = try await Self.page(client, "/console/search?q=\(words.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)", session: everywhere)
                #expect(none.contains("No case at the locations you work mentions"), "\(words)")
            }
            // What was typed is kept, as text.
            let (_, script) = try await Self.page(client, "/console/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", session: everywhere)
            #expect(script.contains(#"value="&lt;script&gt;alert(1)&lt;/script&gt;""#) && !script.contains("<script>alert(1)"))
            let (long, tooLong) = try await Self.page(client, "/console/search?q=\(String(repeating: "a", count: 201))", session: everywhere)
            #expect(long.status == .unprocessableContent && tooLong.contains("at most 200 characters") && tooLong.contains(String(repeating: "a", count: 201)))
            // An e-mail address offers the customer's page.
            let (_, address) = try await Self.page(client, "/console/search?q=someone%40example.com", session: everywhere)
            #expect(address.contains("/console/customers?email=someone%40example%2Ecom"))
            // At Porto alone, Lisbon's cases are not found, by words or by reference.
            let (_, hidden) = try await Self.page(client, "/console/search?q=towels", session: porto)
            #expect(!hidden.contains("/console/cases/\(towels)") && hidden.contains("No case at the locations you work mentions"))
            let (notOpened, _) = try await Self.page(client, "/console/search?q=\(reference)", session: porto)
            #expect(notOpened.status == .ok)
            // The API searches the same way.
            let listed = try await client.send(.get, "/v1/cases?q=TOWELS", token: harness.admin)
            #expect(listed.status == .ok && listed.json["items"]?.array.compactMap { $0["id"]?.string } == [towels])
            let blank = try await client.send(.get, "/v1/cases?q=%20%20", token: harness.admin)
            #expect(blank.status == .unprocessableContent && String(buffer: blank.body).contains("\"q\""))
        }
    }

    @Test func theLedgerIsForLeadsAndDownloadsAsCSV() async throws {
        let harness = try await Harness.start()
        _ = try await harness.runtime.importPlaybook(Fixture.compensatedPlaybook(), by: "test")
        let marta = try await Self.session(harness, name: "Marta", role: .frontline)
        let lead = try await Self.session(harness, name: "Lena", role: .lead)
        try await harness.router { client in
            let caseID = try await Self.complain(client, harness, text: "The room was dirty")
            _ = try await Self.post(client, "/console/cases/\(caseID)/acknowledge", session: marta, form: [("csrf", marta.csrf)])
            _ = try await Self.post(
                client, "/console/cases/\(caseID)/compensation", session: marta, form: [("remedy", "drinks"), ("reason", "=HYPERLINK(1)"), ("csrf", marta.csrf)])
            #expect(try await Self.page(client, "/console/ledger", session: marta).0.status == .forbidden)
            let (_, html) = try await Self.page(client, "/console/ledger", session: lead)
            #expect(html.contains("Drinks at the bar") && html.contains("Granted: <strong>25.00 EUR</strong>") && html.contains("Marta"))
            let (_, wrong) = try await Self.page(client, "/console/ledger?month=december", session: lead)
            #expect(wrong.contains("month: &#39;december&#39; is not a month"))
            let month = String(Timestamp.string(harness.runtime.clock.now()).prefix(7))
            let csv = try await client.execute(uri: "/console/ledger.csv?month=\(month)", method: .get, headers: lead.cookie)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8" && csv.headers[HTTPField.Name("Content-Disposition")!]?.contains("attachment") == true)
            let text = String(buffer: csv.body)
            #expect(text.hasPrefix("id,requested_at,status,amount,currency,remedy") && text.contains(",25.00,EUR,drinks,") && text.contains(",'=HYPERLINK(1)"))
            #expect(try await client.execute(uri: "/console/ledger.csv?month=1999-99", method: .get, headers: lead.cookie).status == .unprocessableContent)
        }
    }

    @Test func deliveriesGivenUpOnAreShownAndSentAgain() async throws {
        let harness = try await Harness.start { $0.smsGateway = "http://127.0.0.1:9/sms" }
        _ = try await harness.runtime.importPlaybook(Fixture.messagingPlaybook(), by: "test")
        let clock = try #require(harness.clock)
        let marta = try await Self.session(harness, name: "Marta", role: .frontline)
        let lead = try await Self.session(harness, name: "Lena", role: .lead)
        try await harness.router { client in
            let json = #"{"channel":"web","location":"lisbon","customer":{"phone":"+351 912 000 111","name":"Ana"},"text":"The room was dirty"}"#
            let caseID = try #require(try await client.send(.post, "/v1/feedback", token: harness.channel, json: json).json["case"]?["id"]?.string)
            _ = try await client.send(.post, "/v1/cases/\(caseID)/acknowledge", token: harness.admin)
            let queued = try await client.send(.post, "/v1/cases/\(caseID)/messages", token: harness.admin, json: #"{"kind":"apology","medium":"sms"}"#)
            #expect(queued.status == .accepted)
            // Nothing listens at the receivers: after their tries, the alarm and the message are given up on.
            for _ in 0..<4 {
                try await harness.runtime.delivery.runOnce()
                try await harness.runtime.messages.runOnce()
                clock.advance(by: 30)
            }
            let dead = try await client.send(.get, "/v1/messages?state=dead", token: harness.frontline)
            let messageID = try #require(dead.json["items"]?.array.first?["id"]?.string, "\(String(buffer: dead.body))")
            #expect(try await client.send(.get, "/v1/messages", token: harness.frontline).errorCode == "missing_field")
            #expect(try await client.send(.get, "/v1/messages?state=received", token: harness.frontline).errorCode == "invalid_field")

            let (_, seen) = try await Self.page(client, "/console/deliveries", session: marta)
            #expect(seen.contains("Alarm to marta") && seen.contains("apology by SMS to +351 912 000 111") && seen.contains("given up"))
            #expect(!seen.contains(">Retry</button>"), "retrying is for leads")
            let (_, forLead) = try await Self.page(client, "/console/deliveries", session: lead)
            #expect(forLead.contains(">Retry</button>"))
            let refused = try await Self.post(client, "/console/messages/\(messageID)/retry", session: marta, form: [("csrf", marta.csrf)])
            #expect(refused.status == .forbidden)
            let retried = try await Self.post(client, "/console/messages/\(messageID)/retry", session: lead, form: [("csrf", lead.csrf)])
            #expect(retried.headers[.location] == "/console/deliveries?notice=message")
            #expect(try await harness.runtime.store.message(id: messageID)?.state == .queued)
            let again = try await Self.post(client, "/console/messages/\(messageID)/retry", session: lead, form: [("csrf", lead.csrf)])
            #expect(again.status == .conflict && String(buffer: again.body).contains("only messages given up on can be sent again"))
            let alarm = try #require(try await harness.runtime.store.alarms(state: .dead, caseID: caseID, limit: 5).first)
            let alarmRetried = try await Self.post(client, "/console/alarms/\(alarm.id)/retry", session: lead, form: [("csrf", lead.csrf)])
            #expect(alarmRetried.headers[.location] == "/console/deliveries?notice=alarm")
            // The API sends a message again too, for leads.
            for _ in 0..<4 {
                try await harness.runtime.messages.runOnce()
                clock.advance(by: 30)
            }
            #expect(try await client.send(.post, "/v1/messages/\(messageID)/retry", token: harness.frontline).status == .forbidden)
            let viaAPI = try await client.send(.post, "/v1/messages/\(messageID)/retry", token: harness.admin)
            #expect(viaAPI.status == .ok && viaAPI.json["state"] == .string("queued"))
        }
    }

    @Test func selectedCasesAreAcknowledgedOrSharedTogether() async throws {
        let harness = try await Harness.start()
        let marta = try await Self.session(harness, name: "Marta", role: .frontline)
        let rui = try await Self.session(harness, name: "Rui", role: .frontline)
        try await harness.router { client in
            let first = try await Self.complain(client, harness, text: "The room was dirty")
            let second = try await Self.complain(client, harness, text: "Too loud, could not sleep")
            let (_, queue) = try await Self.page(client, "/console?scenario=noise", session: marta)
            #expect(queue.contains(#"aria-label="Select: Too loud, could not sleep""#) && queue.contains(#"name="back" value="/console?scenario=noise""#))
            let none = try await Self.post(client, "/console/bulk", session: marta, form: [("action", "acknowledge"), ("csrf", marta.csrf)])
            #expect(String(buffer: none.body).contains("Select the cases first"))
            let done = try await Self.post(
                client, "/console/bulk", session: marta,
                form: [("action", "acknowledge"), ("case", first), ("case", second), ("back", "/console?scenario=noise"), ("csrf", marta.csrf)])
            #expect(done.headers[.location] == "/console?scenario=noise&done=2")
            #expect(try await harness.runtime.store.recoveryCase(id: second)?.owner == marta.member.id)
            let (_, after) = try await Self.page(client, "/console?done=2", session: marta)
            #expect(after.contains("Done to 2 cases."))
            // Rui may not acknowledge what Marta owns: the page says which, and why.
            let refused = try await Self.post(client, "/console/bulk", session: rui, form: [("action", "acknowledge"), ("case", first), ("csrf", rui.csrf)])
            #expect(String(buffer: refused.body).contains("Marta"))
            let shared = try await Self.post(
                client, "/console/bulk", session: marta, form: [("action", "collaborator"), ("staff", rui.member.id), ("case", first), ("case", second), ("csrf", marta.csrf)])
            #expect(shared.status == .seeOther)
            #expect(try await harness.runtime.store.recoveryCase(id: first)?.collaborators == [rui.member.id])
            // Giving cases to someone is a lead's: Marta is not offered it, and is refused it.
            #expect(!after.contains(#"value="assign""#))
            let notLead = try await Self.post(
                client, "/console/bulk", session: marta, form: [("action", "assign"), ("staff", rui.member.id), ("case", first), ("csrf", marta.csrf)])
            #expect(String(buffer: notLead.body).contains("only a lead or above gives a case to someone else"))
        }
    }

    @Test func adminsManageStaffFromTheConsole() async throws {
        let harness = try await Harness.start(configure: { $0.passwordCost = 4 })
        _ = try await harness.runtime.importPlaybook(Fixture.compensatedPlaybook(), by: "test")
        let admin = try await Self.session(harness, name: "Ada", role: .admin)
        let portoAdmin = try await Self.session(harness, name: "Paulo", role: .admin, locations: ["porto"])
        let marta = try await Self.session(harness, name: "Marta", role: .frontline)
        try await harness.router { client in
            #expect(try await Self.page(client, "/console/admin/staff", session: marta).0.status == .forbidden)
            let noName = try await Self.post(
                client, "/console/admin/staff", session: admin, form: [("name", ""), ("email", "x@example.com"), ("role", "lead"), ("csrf", admin.csrf)])
            #expect(noName.status == .unprocessableContent && String(buffer: noName.body).contains(#"value="x@example.com""#))
            let added = try await Self.post(
                client, "/console/admin/staff", session: admin,
                form: [("name", "Inês Costa"), ("email", "ines@example.com"), ("role", "frontline"), ("location", "porto"), ("csrf", admin.csrf)])
            let page = String(buffer: added.body)
            #expect(added.status == .created && page.contains("Personal API token of Inês Costa, shown only now") && page.contains("ams_"))
            let ines = try #require(try await harness.runtime.store.allStaff().first { $0.name == "Inês Costa" })
            #expect(ines.locations == ["porto"] && ines.email == "ines@example.com")
            // The admin of Porto alone cannot make anyone work Lisbon.
            let widened = try await Self.post(
                client, "/console/admin/staff/\(ines.id)", session: portoAdmin,
                form: [("name", "Inês Costa"), ("email", "ines@example.com"), ("role", "frontline"), ("location", "lisbon"), ("csrf", portoAdmin.csrf)])
            #expect(widened.status == .forbidden)
            let saved = try await Self.post(
                client, "/console/admin/staff/\(ines.id)", session: admin,
                form: [("name", "Inês Costa"), ("email", "ines.costa@example.com"), ("role", "lead"), ("everywhere", "yes"), ("csrf", admin.csrf)])
            #expect(saved.headers[.location] == "/console/admin/staff?notice=saved")
            let edited = try #require(try await harness.runtime.store.staff(id: ines.id))
            #expect(edited.role == .lead && edited.locations == nil && edited.email == "ines.costa@example.com")
            let short = try await Self.post(client, "/console/admin/staff/\(ines.id)/password", session: admin, form: [("password", "short"), ("csrf", admin.csrf)])
            #expect(short.status == .unprocessableContent && String(buffer: short.body).contains("at least 10 characters"))
            let password = try await Self.post(
                client, "/console/admin/staff/\(ines.id)/password", session: admin, form: [("password", "harbour-lights-42"), ("csrf", admin.csrf)])
            #expect(password.headers[.location] == "/console/admin/staff?notice=password")
            let signedIn = try await Self.post(
                client, "/console/sign-in", session: nil, form: [("email", "ines.costa@example.com"), ("password", "harbour-lights-42")])
            #expect(signedIn.status == .seeOther && signedIn.headers[.setCookie] != nil)
            let link = try await Self.post(client, "/console/admin/staff/\(ines.id)/link", session: admin, form: [("csrf", admin.csrf)])
            #expect(String(buffer: link.body).contains("/console/welcome/aml_"))
            let badLimit = try await Self.post(
                client, "/console/admin/staff/\(ines.id)/authority", session: admin, form: [("per_grant", "lots"), ("per_day", "300.00 EUR"), ("csrf", admin.csrf)])
            #expect(badLimit.status == .unprocessableContent && String(buffer: badLimit.body).contains(#"value="lots""#))
            let limit = try await Self.post(
                client, "/console/admin/staff/\(ines.id)/authority", session: admin,
                form: [("per_grant", "100.00 EUR"), ("per_day", "300.00 EUR"), ("csrf", admin.csrf)])
            #expect(limit.headers[.location] == "/console/admin/staff?notice=authority")
            #expect(try await harness.runtime.store.staff(id: ines.id)?.authority?.perDay == Money(parsing: "300.00 EUR"))
            let own = try await Self.post(client, "/console/admin/staff/\(admin.member.id)/disable", session: admin, form: [("csrf", admin.csrf)])
            #expect(own.status == .conflict)
            let disabled = try await Self.post(client, "/console/admin/staff/\(ines.id)/disable", session: admin, form: [("csrf", admin.csrf)])
            #expect(disabled.headers[.location] == "/console/admin/staff?notice=disabled")
            let (_, list) = try await Self.page(client, "/console/admin/staff", session: admin)
            #expect(list.contains("Inês Costa <span class=\"tag\">disabled</span>"))
            let audit = try await harness.runtime.store.auditLog(AuditQuery(target: ines.id, limit: 20)).items.map(\.action)
            #expect(audit.contains("staff.added") && audit.contains("staff.updated") && audit.contains("staff.disabled"))
        }
    }

    @Test func adminsReadAndReplaceThePlaybookMakeChannelTokensAndReadTheAudit() async throws {
        let harness = try await Harness.start()
        let admin = try await Self.session(harness, name: "Ada", role: .admin)
        let lead = try await Self.session(harness, name: "Lena", role: .lead)
        try await harness.router { client in
            for page in ["/console/admin/playbook", "/console/admin/channels", "/console/admin/audit"] {
                #expect(try await Self.page(client, page, session: lead).0.status == .forbidden, "\(page)")
            }
            let (_, playbook) = try await Self.page(client, "/console/admin/playbook", session: admin)
            #expect(playbook.contains("version 1") && playbook.contains("unclean-room"))
            // A playbook with a problem changes nothing; the problem names its line, and the text stays.
            let broken = "name: Broken\nlocations: []\nteams: []\nchannels: []\nscenarios: []\n"
            let refused = try await Self.post(client, "/console/admin/playbook", session: admin, form: [("yaml", broken), ("csrf", admin.csrf)])
            let page = String(buffer: refused.body)
            #expect(refused.status == .unprocessableContent && page.contains("playbook.yaml:2: locations: needs at least one location"), "\(page)")
            #expect(page.contains("name: Broken"))
            #expect(harness.runtime.playbook.stored?.version == 1)
            let yaml = try PlaybookFile.yaml(Fixture.compensatedPlaybook())
            let imported = try await Self.post(client, "/console/admin/playbook", session: admin, form: [("yaml", yaml), ("csrf", admin.csrf)])
            #expect(imported.headers[.location] == "/console/admin/playbook?notice=imported")
            #expect(harness.runtime.playbook.stored?.version == 2 && harness.runtime.playbook.stored?.playbook.compensation != nil)

            let issued = try await Self.post(client, "/console/admin/channels/survey/tokens", session: admin, form: [("csrf", admin.csrf)])
            let shown = String(buffer: issued.body)
            let token = try #require(shown.firstMatch(of: /<code>(amc_[A-Za-z0-9_-]+)<\/code>/).map { String($0.1) })
            #expect(issued.status == .created && shown.contains("shown only now"))
            let feedback = #"{"channel":"survey","location":"lisbon","score":{"value":2,"scale":"nps"}}"#
            #expect(try await client.send(.post, "/v1/feedback", token: token, json: feedback).status == .created)
            #expect(try await Self.post(client, "/console/admin/channels/nothing/tokens", session: admin, form: [("csrf", admin.csrf)]).status == .notFound)

            let (_, audit) = try await Self.page(client, "/console/admin/audit?action=token.issued", session: admin)
            #expect(audit.contains("token.issued") && audit.contains("Ada (staff:\(admin.member.id))") && !audit.contains("playbook.imported"))
            let (_, all) = try await Self.page(client, "/console/admin/audit", session: admin)
            #expect(all.contains("playbook.imported"))
        }
    }

    @Test func duplicatesAreMergedAndRelatedCasesLinkedFromTheCasePage() async throws {
        let harness = try await Harness.start()
        let lead = try await Self.session(harness, name: "Lena", role: .lead)
        try await harness.router { client in
            let survivor = try await Self.complain(client, harness, text: "The room was dirty")
            let duplicate = try await Self.complain(client, harness, text: "Dirty towels in 412")
            let other = try await Self.complain(client, harness, text: "Too loud, could not sleep")
            let reference = try #require(try await harness.runtime.store.recoveryCase(id: survivor)).reference
            let unknown = try await Self.post(client, "/console/cases/\(duplicate)/merge", session: lead, form: [("case", "ZZZZ0000"), ("csrf", lead.csrf)])
            #expect(unknown.status == .unprocessableContent && String(buffer: unknown.body).contains(#"value="ZZZZ0000""#))
            let linked = try await Self.post(client, "/console/cases/\(survivor)/links", session: lead, form: [("case", other), ("csrf", lead.csrf)])
            #expect(linked.headers[.location] == "/console/cases/\(survivor)?notice=linked")
            let (_, withRelated) = try await Self.page(client, "/console/cases/\(survivor)", session: lead)
            #expect(withRelated.contains("Too loud, could not sleep") && withRelated.contains(">Unlink case "))
            let merged = try await Self.post(client, "/console/cases/\(duplicate)/merge", session: lead, form: [("case", reference.lowercased()), ("csrf", lead.csrf)])
            #expect(merged.headers[.location] == "/console/cases/\(duplicate)?notice=merged")
            let (_, page) = try await Self.page(client, "/console/cases/\(duplicate)", session: lead)
            #expect(page.contains("This case was merged into <a href=\"/console/cases/\(survivor)\">case \(reference)</a>"))
            let (_, carried) = try await Self.page(client, "/console/cases/\(survivor)", session: lead)
            #expect(carried.contains("Dirty towels in 412") && carried.contains("merged case"))
            let unlinked = try await Self.post(client, "/console/cases/\(survivor)/links/\(other)/unlink", session: lead, form: [("csrf", lead.csrf)])
            #expect(unlinked.headers[.location] == "/console/cases/\(survivor)?notice=unlinked")
        }
    }

    /// The queue read from the deadline indexes is the one the cases' own deadlines give, whatever mix of statuses.
    @Test func theQueueIsTheOpenCasesInDeadlineOrderAndItsCountersAddUp() async throws {
        let harness = try await Harness.start()
        let clock = try #require(harness.clock)
        let store = harness.runtime.store
        try await harness.router { client in
            var ids: [String] = []
            for (index, text) in ["The room was dirty", "Too loud, could not sleep", "Stains on the sheets", "Noise all night", "Hair in the sink", "Loud music"]
                .enumerated()
            {
                ids.append(try await Self.complain(client, harness, text: text))
                clock.advance(by: Double(90 * (index + 1)))
            }
            for id in ids.prefix(3) { _ = try await client.send(.post, "/v1/cases/\(id)/acknowledge", token: harness.admin) }
            _ = try await client.send(.post, "/v1/cases/\(ids[1])/status", token: harness.admin, json: #"{"status":"waiting_on_customer"}"#)
            _ = try await client.send(.post, "/v1/cases/\(ids[2])/status", token: harness.admin, json: #"{"status":"in_progress"}"#)
            clock.advance(by: 700)
            let now = clock.now()
            let all = try await store.cases(CaseQuery(limit: 500)).items.filter { $0.status.isOpen }
            let expected = all.sorted { left, right in
                switch (left.dueAt, right.dueAt) {
                case (let a?, let b?): a != b ? a < b : left.id < right.id
                case (.some, nil): true
                case (nil, .some): false
                case (nil, nil): left.id < right.id
                }
            }.map(\.id)
            #expect(try await store.queue(QueueQuery(now: now)).map(\.id) == expected)
            #expect(try await store.queue(QueueQuery(now: now, limit: 2)).map(\.id) == Array(expected.prefix(2)))
            var overdue = QueueQuery(now: now)
            overdue.due = .overdue
            let late = all.filter { ($0.dueAt ?? .distantFuture) < now }
            #expect(Set(try await store.queue(overdue).map(\.id)) == Set(late.map(\.id)))
            let counts = try await store.queueCounts(QueueQuery(now: now))
            func expectedCounts(_ cases: [RecoveryCase]) -> QueueCounts {
                QueueCounts(
                    open: cases.count, unacknowledged: cases.filter { $0.status == .new }.count,
                    overdue: cases.filter { ($0.dueAt ?? .distantFuture) < now }.count,
                    dueWithinHour: cases.filter {
                        guard let due = $0.dueAt else { return false }
                        return due >= now && due < now.addingTimeInterval(3600)
                    }.count)
            }
            #expect(counts == expectedCounts(all))
            #expect(counts.overdue == late.count && counts.open == 6 && counts.unacknowledged == 3)
            // Filtered, each group of statuses is counted on its deadline index: the same answer as the cases give.
            var nobodys = QueueQuery(now: now)
            nobodys.unowned = true
            #expect(try await store.queueCounts(nobodys) == expectedCounts(all.filter { $0.owner == nil }))
            let scenario = try #require(all.first { $0.status == .inProgress }?.scenario)
            var ofScenario = QueueQuery(now: now)
            ofScenario.scenario = scenario
            #expect(try await store.queueCounts(ofScenario) == expectedCounts(all.filter { $0.scenario == scenario }))
            let owner = try #require(all.first { $0.owner != nil }?.owner)
            var mine = QueueQuery(now: now)
            mine.involving = owner
            #expect(try await store.queueCounts(mine) == expectedCounts(all.filter { $0.owner == owner }))
            #expect(Set(try await store.queue(mine).map(\.id)) == Set(all.filter { $0.owner == owner }.map(\.id)))
            // The counters stand for every open case the filters reach, the status filter aside.
            var onlyNew = QueueQuery(now: now)
            onlyNew.statuses = [.new]
            #expect(try await store.queueCounts(onlyNew) == counts)
            // Counting stops one past the limit, which means "more than the limit".
            var capped = QueueQuery(now: now)
            capped.countLimit = 2
            #expect(try await store.queueCounts(capped) == QueueCounts(open: 3, unacknowledged: 3, overdue: min(3, late.count), dueWithinHour: min(3, counts.dueWithinHour)))
            // Every case here is at Lisbon.
            var atLisbon = QueueQuery(now: now)
            atLisbon.location = "lisbon"
            #expect(try await store.queueCounts(atLisbon) == counts)
            atLisbon.location = "porto"
            #expect(try await store.queueCounts(atLisbon) == QueueCounts())
            #expect(try await store.queue(onlyNew).allSatisfy { $0.status == .new })
        }
    }
}

extension HTTPField.Name {
    fileprivate static let secFetchSite = HTTPField.Name("Sec-Fetch-Site")!
    fileprivate static let origin = HTTPField.Name("Origin")!
    fileprivate static let contentSecurityPolicy = HTTPField.Name("Content-Security-Policy")!
    fileprivate static let contentTypeOptions = HTTPField.Name("X-Content-Type-Options")!
    fileprivate static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
}
