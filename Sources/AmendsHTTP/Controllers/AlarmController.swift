import AmendsApp
import AmendsCore
import Foundation
import Hummingbird

/// Alarm deliveries: what was sent to whom, dead letters, and sending again.
struct AlarmController: Controller {
    let runtime: Runtime

    func addRoutes(to routes: Routes) {
        routes.get("/v1/alarms", .frontline, use: listAlarms)
        routes.post("/v1/alarms/:id/retry", .staff(.lead), use: retryAlarm)
    }

    struct AlarmList: Encodable { var items: [Alarm] }

    @Sendable func listAlarms(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let scope = try context.scope
        let parameters = request.uri.queryParameters
        var state: Alarm.State?
        if let text = parameters.get("state") {
            guard let value = Alarm.State(rawValue: text) else {
                throw AmendsError.invalidField("state", "'\(text)' is not an alarm state; use pending, delivered or dead")
            }
            state = value
        }
        var limit = 100
        if let text = parameters.get("limit") {
            guard let value = Int(text), (1...500).contains(value) else { throw AmendsError.invalidField("limit", "must be a whole number from 1 to 500") }
            limit = value
        }
        let alarms = try await runtime.store.alarms(state: state, caseID: parameters.get("case_id"), locations: scope.locations, limit: limit)
        return JSON.response(AlarmList(items: context.shown(alarms)))
    }

    @Sendable func retryAlarm(_ request: Request, context: AmendsRequestContext) async throws -> Response {
        let alarmID = try context.parameters.require("id")
        _ = try await context.scope.alarm(alarmID)
        let alarm = try await runtime.store.retry(alarmID: alarmID, at: runtime.clock.now())
        runtime.deliveryBell.ring()
        return JSON.response(context.shown([alarm])[0])
    }
}
