import DubanCore
import Foundation
import Hummingbird
import Mustache

/// Mustache templates (escaped by default) rendered inside the common layout.
public struct Pages: Sendable {
    let library: MustacheLibrary

    /// Loads the templates shipped with the module.
    /// - Throws: when the template folder is missing or a template does not parse.
    public static func load() async throws -> Pages {
        guard let dir = Bundle.module.resourceURL?.appendingPathComponent("Templates").path else {
            throw WebError.notFound("模板目录缺失")
        }
        // Before parsing: a template's pragma is looked up when it is parsed.
        MustacheContentTypes.register(EscapedHTML(), named: EscapedHTML.name)
        return Pages(library: try await MustacheLibrary(directory: dir))
    }

    /// The escaping of every template (each starts with `{{% CONTENT_TYPE: DUBAN_HTML }}`):
    /// `HTML.escape`, which replaces & < > " ' wherever they stand. swift-mustache's own HTML
    /// escaping walks the text by Character, and a character followed by a combining mark is one
    /// Character: `"` + U+0338 went out unescaped and ended an attribute value early
    /// (`?unit=%22%CC%B8%20autofocus` added attributes to the plan page's unit field). It was
    /// also most of the time of rendering a long task list.
    struct EscapedHTML: MustacheContentType {
        static let name = "DUBAN_HTML"

        func escapeText(_ text: String) -> String { HTML.escape(text) }
    }

    /// A full HTML page: `template` rendered with `values`, inside the layout with navigation.
    public func page(_ template: String, title: String, context: AppContext, values: [String: Any] = [:],
                     status: HTTPResponse.Status = .ok) -> Response {
        var values = values
        values["csrf"] = context.session?.csrf ?? ""
        let content = library.render(values, withTemplate: template) ?? "<p>页面模板 \(HTML.escape(template)) 缺失。</p>"
        var layout: [String: Any] = ["title": title, "content": content]
        if let user = context.session?.user {
            var who: [String: Any] = ["name": user.name, "role": user.role.label]
            if let unit = user.unitName { who["unit"] = unit }
            layout["user"] = who
            layout["csrf"] = context.session?.csrf ?? ""
            layout["nav"] = Self.navigation(for: user.role)
        }
        let html = library.render(layout, withTemplate: "layout") ?? content
        return Self.html(html, status: status)
    }

    /// The menu of a role.
    static func navigation(for role: WebUser.Role) -> [[String: String]] {
        switch role {
        case .admin:
            return [["href": "/office", "label": "工作台"], ["href": "/plans", "label": "方案与任务"], ["href": "/import", "label": "导入方案"],
                    ["href": "/units", "label": "单位管理"], ["href": "/extensions", "label": "延期审批"],
                    ["href": "/dashboard", "label": "进度总览"], ["href": "/reports", "label": "报表与通知"], ["href": "/forms", "label": "反馈表"]]
        case .unit:
            return [["href": "/my", "label": "我的任务"]]
        case .viewer:
            return [["href": "/dashboard", "label": "进度总览"], ["href": "/reports", "label": "季度报告"]]
        }
    }

    /// An HTML response.
    public static func html(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    /// A redirect after a POST (303 See Other).
    public static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    /// A file download.
    public static func download(_ data: Data, name: String, type: String) -> Response {
        let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "download"
        return Response(status: .ok, headers: [.contentType: type, .contentDisposition: "attachment; filename*=UTF-8''\(encoded)"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
