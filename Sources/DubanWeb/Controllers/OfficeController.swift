import DubanCore
import Foundation
import Hummingbird

/// The office's pages (办公室): to be filled in.
struct OfficeController {
    let web: Web

    func add(to router: Router<AppContext>) {
        router.get("/office") { _, context -> Response in
            _ = try context.require(.admin)
            return web.pages.page("error", title: "工作台", context: context, values: ["title": "工作台", "message": "建设中"])
        }
    }
}
