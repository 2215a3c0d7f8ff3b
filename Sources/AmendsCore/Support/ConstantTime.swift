/// Compares secrets (signatures, password hashes) in time that depends only on their length, so an attacker learns
/// nothing from how long a wrong guess took.
public func constantTimeEqual(_ lhs: some Collection<UInt8>, _ rhs: some Collection<UInt8>) -> Bool {
    guard lhs.count == rhs.count else { return false }
    return zip(lhs, rhs).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
}
