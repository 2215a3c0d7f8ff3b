import AmendsCore
import Foundation
import Testing

@Suite("Sign-in limits")
struct SignInLimitsTests {
    let limits = SignInLimits(perAccount: 5, perAddress: 20, window: 900)
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test(arguments: [(5, 20, false), (6, 1, true), (1, 21, true), (6, 21, true)])
    func attemptsBeyondEitherLimitWait(account: Int, address: Int, refused: Bool) {
        let refusal = limits.refusal(
            account: SignInCount(attempts: account, windowStart: start), address: SignInCount(attempts: address, windowStart: start),
            at: start.addingTimeInterval(60))
        #expect((refusal != nil) == refused)
        if let refusal {
            #expect(refusal.kind == .tooManyRequests && refusal.code == "too_many_sign_ins")
            #expect(refusal.retryAfter == 840)
            #expect(refusal.message.hasSuffix("try again in 14 minutes"))
        }
    }

    @Test func theLongerWaitOfTheTwoIsTheOneGiven() {
        let refusal = limits.refusal(
            account: SignInCount(attempts: 9, windowStart: start), address: SignInCount(attempts: 30, windowStart: start.addingTimeInterval(600)),
            at: start.addingTimeInterval(890))
        #expect(refusal?.retryAfter == 610)
    }

    @Test func keysIgnoreCaseAndSpaceOfTheAddressTyped() {
        #expect(SignInLimits.accountKey("  Ines@Example.COM ") == "account:ines@example.com")
        #expect(SignInLimits.addressKey("192.0.2.7") == "address:192.0.2.7")
    }
}
