import AmendsApp
import ArgumentParser
import Foundation

/// Prints the signing secrets that receivers outside Amends verify with.
struct SecretCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "secret",
        abstract: "Print a signing secret that a receiver verifies Amends' posts with.",
        discussion: """
            'alarms' signs alarms to contacts without a 'secret' of their own in the playbook; 'gateways' signs the posts \
            to the SMS and chat gateways (AMENDS_SMS_GATEWAY, AMENDS_CHAT_GATEWAY). Receivers check the \
            'webhook-signature' header the Standard Webhooks way with it. Each purpose has its own key, so a receiver \
            holding one can sign nothing else, least of all the links customers open, whose keys never leave the database.
            """)

    enum Purpose: String, ExpressibleByArgument, CaseIterable {
        case alarms, gateways
    }

    @Argument(help: "Whose secret: alarms or gateways.") var purpose: Purpose
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        await reporting {
            let runtime = try await database.runtime()
            let keys = runtime.keys
            await runtime.close()
            print(purpose == .alarms ? keys.alarms.text : keys.gateways.text)
        }
    }
}
