import DubanCore
import Hummingbird
import Logging

/// The request context of the web app: the signed-in session, if any.
public struct AppContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by `SessionMiddleware` when the cookie names a live session.
    public var session: WebSession?
    /// The parsed body of a POST (set by `FormMiddleware`).
    public var form: FormData?

    public init(source: Source) {
        coreContext = .init(source: source)
    }

    /// Uploads are read by the handlers themselves with their own limit.
    public var maxUploadSize: Int { WebLimits.maxUpload }

    /// The signed-in user.
    /// - Throws: a redirect to the login page when nobody is signed in.
    public func requireUser() throws -> WebUser {
        guard let user = session?.user else { throw WebError.loginRequired }
        return user
    }

    /// The signed-in user, who must have one of `roles`.
    /// - Throws: `WebError.forbidden` (403 page) otherwise.
    public func require(_ roles: WebUser.Role...) throws -> WebUser {
        let user = try requireUser()
        guard roles.contains(user.role) else { throw WebError.forbidden("您的账号（\(user.role.label)）不能进行这项操作。") }
        return user
    }

    /// The submitted form of a POST.
    public var fields: FormData { form ?? FormData() }

    /// The actor recorded in the audit trail for a page.
    public func actor(_ request: Request) -> Actor {
        Actor(name: session?.user.name ?? "anonymous", source: "web:\(request.method.rawValue) \(request.uri.path)")
    }
}

/// Web limits, the same as the CLI import's.
public enum WebLimits {
    /// Largest accepted request body (an uploaded plan or form).
    public static let maxUpload = PlanImporter.maxFileSize
    /// Largest ordinary form body.
    public static let maxForm = 256 * 1024
}
