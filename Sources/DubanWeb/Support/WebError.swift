import DubanCore
import Hummingbird

/// Errors a page can end in; `ErrorPageMiddleware` renders each as a Chinese page.
public enum WebError: Error, Equatable {
    case loginRequired
    case forbidden(String)
    case notFound(String)
    case badRequest(String)
    case conflict(String)
    case tooLarge(String)

    var status: HTTPResponse.Status {
        switch self {
        case .loginRequired: return .seeOther
        case .forbidden: return .forbidden
        case .notFound: return .notFound
        case .badRequest: return .badRequest
        case .conflict: return .conflict
        case .tooLarge: return .contentTooLarge
        }
    }

    var title: String {
        switch self {
        case .loginRequired: return "请先登录"
        case .forbidden: return "没有权限"
        case .notFound: return "找不到页面"
        case .badRequest: return "提交的内容有问题"
        case .conflict: return "内容已被他人更新"
        case .tooLarge: return "文件太大"
        }
    }

    var message: String {
        switch self {
        case .loginRequired: return "请先登录。"
        case .forbidden(let m), .notFound(let m), .badRequest(let m), .conflict(let m), .tooLarge(let m): return m
        }
    }
}
