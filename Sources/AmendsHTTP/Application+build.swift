import AmendsApp
import AmendsCore
import AmendsDelivery
import AmendsText
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// Builds the HTTP application over a started runtime: routes, error handling and the background workers.
///
/// - Parameter onListening: called with the port once the server takes connections (the one the system chose, when
///   the configuration asks for port 0).
public func buildApplication(
    runtime: Runtime, logger: Logger = Logger(label: "amends.http"), onListening: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let router = Router(context: AmendsRequestContext.self)
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: NULMiddleware())
    router.add(middleware: PageLimitsMiddleware(runtime: runtime))
    let controllers: [any Controller] = [
        SystemController(runtime: runtime), FeedbackController(runtime: runtime), CaseController(runtime: runtime),
        CustomerController(runtime: runtime), MessageController(runtime: runtime), InboundController(runtime: runtime),
        CompensationController(runtime: runtime), CustomerPageController(runtime: runtime), SessionController(runtime: runtime),
        StaffController(runtime: runtime), AuditController(runtime: runtime), PlaybookController(runtime: runtime),
        AlarmController(runtime: runtime), AnalyzeController(runtime: runtime), DemoInboxController(runtime: runtime), OutboxController(runtime: runtime),
        AssetController(runtime: runtime), ConsoleSessionController(runtime: runtime), QueuePageController(runtime: runtime),
        CasePageController(runtime: runtime), ConsoleEventsController(runtime: runtime),
        ApprovalsPageController(runtime: runtime), ReportPageController(runtime: runtime),
        CustomersPageController(runtime: runtime), LedgerPageController(runtime: runtime),
        DeliveriesPageController(runtime: runtime), StaffPageController(runtime: runtime),
        AdminPagesController(runtime: runtime), SearchPageController(runtime: runtime), FeedbackPageController(runtime: runtime),
        QRCodeController(runtime: runtime), CampaignController(runtime: runtime), SurveyLinkController(runtime: runtime),
        SurveysPageController(runtime: runtime),
    ]
    let routes = Routes(router: router, tokens: runtime.tokens, store: runtime.store, runtime: runtime)
    for controller in controllers { controller.addRoutes(to: routes) }
    let configuration = runtime.configuration
    var services: [any Service] = []
    if configuration.runWorkers {
        services = [
            runtime.delivery, runtime.scheduler, runtime.messages, runtime.slaWatcher, FollowUpScheduler(runtime: runtime), CampaignScheduler(runtime: runtime),
            ChangeWatcher(runtime: runtime),
        ]
    }
    return Application(
        router: router,
        configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port), serverName: "Amends"),
        services: services,
        onServerRunning: { channel in await onListening(channel.localAddress?.port ?? configuration.port) },
        logger: logger
    )
}
