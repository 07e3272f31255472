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
        return Pages(library: try await MustacheLibrary(directory: dir))
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
