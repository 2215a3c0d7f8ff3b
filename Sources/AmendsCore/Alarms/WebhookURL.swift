import Foundation

/// What of a webhook URL may be shown: its scheme and host. The rest of a Slack-style hook's URL is the credential
/// that lets anyone post to it, so it is shown to admins only.
public enum WebhookURL {
    /// `https://hooks.example.com/…` for `https://hooks.example.com/services/T0/B0/secret`.
    public static func redacted(_ url: String) -> String {
        guard let components = URLComponents(string: url), let scheme = components.scheme, let host = components.host else { return "(hidden)" }
        let port = components.port.map { ":\($0)" } ?? ""
        let rest = components.path.isEmpty && components.query == nil ? "" : "/…"
        return "\(scheme)://\(host)\(port)\(rest)"
    }
}

extension Alarm {
    /// The alarm as someone who may not see webhook URLs sees it.
    public var redacted: Alarm {
        var copy = self
        copy.endpoint = WebhookURL.redacted(endpoint)
        return copy
    }
}
