import AmendsApp
import AmendsCore
import ArgumentParser
import Foundation

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Make tokens.", subcommands: [ChannelToken.self])

    struct ChannelToken: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "channel", abstract: "Make a token that can submit feedback for one channel; it is shown once.")
        @Argument(help: "The channel's key in the playbook.") var channel: String
        @Option(help: "A note saying where the token is used.") var label = "made with the CLI"
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            await reporting {
                let runtime = try await database.runtime()
                guard runtime.playbook.recovery?.playbook.channel(channel) != nil else {
                    await runtime.close()
                    fail("amends: '\(channel)' is not a channel in the playbook in force")
                }
                let token = try await runtime.tokens.issueChannelToken(channel: channel, label: label)
                await runtime.close()
                print(token)
            }
        }
    }
}
