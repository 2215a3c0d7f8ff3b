import Foundation

/// The pages customers see (status, survey): plain, accessible, no scripts, every value escaped.
enum CustomerPage {
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
    }

    static func wrap(title: String, _ body: String) -> String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex"><title>\(escape(title))</title>
        <style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#222}
        fieldset{border:0;padding:0;margin:0 0 1.5rem 0}legend{font-weight:600;margin-bottom:.5rem}label{margin-right:.75rem;white-space:nowrap}
        textarea{width:100%;min-height:6rem}button{font-size:1rem;padding:.5rem 1.25rem}</style></head>
        <body>\(body)</body></html>
        """
    }

    static func form(_ view: CustomerPageController.SurveyView, action: String) -> String {
        guard !view.answered else { return wrap(title: "Thank you", "<h1>Thank you</h1><p>You have answered this survey already.</p>") }
        func scale(_ name: String, _ range: ClosedRange<Int>) -> String {
            range.map { "<label><input type=\"radio\" name=\"\(name)\" value=\"\($0)\" required> \($0)</label>" }.joined()
        }
        return wrap(
            title: "How did we do?",
            """
            <h1>How did we do?</h1><p>About: \(escape(view.about)), \(escape(view.place)) (reference \(escape(view.reference))).</p>
            <form method="post" action="\(escape(action))">
            <fieldset><legend>\(escape(CustomerPageController.questions["satisfaction"]!))</legend>\(scale("satisfaction", 1...5))</fieldset>
            <fieldset><legend>\(escape(CustomerPageController.questions["recommend"]!))</legend>\(scale("recommend", 0...10))</fieldset>
            <fieldset><legend><label for="comment">\(escape(CustomerPageController.questions["comment"]!))</label></legend>
            <textarea id="comment" name="comment" maxlength="4000"></textarea></fieldset>
            <button type="submit">Send</button></form>
            """)
    }
}
