import Foundation

/// A value computed on its own thread; `value()` waits for it (the semaphore orders the write of
/// `result` before its read, hence `@unchecked Sendable`).
public final class Background<T: Sendable>: @unchecked Sendable {
    private var result: Result<T, any Error>?
    private let done = DispatchSemaphore(value: 0)

    public init(_ body: @escaping @Sendable () throws -> T) {
        Thread {
            self.result = Result(catching: body)
            self.done.signal()
        }.start()
    }

    /// Lets another thread free `value` (a large tree of arrays and strings). The caller must
    /// hand over its last reference (`dispose(consume x)`), so that the thread's is the last.
    public static func dispose(_ value: consuming T) {
        let box = Disposal(value)
        Thread { box.value = nil }.start()
    }

    /// The value, once computed.
    /// - Throws: what the computation threw.
    public func value() throws -> T {
        done.wait()
        done.signal()  // later calls return at once
        return try result!.get()
    }
}

/// What `Background.dispose` hands to its thread (which alone touches it from then on).
private final class Disposal<T>: @unchecked Sendable {
    var value: T?
    init(_ value: consuming T) { self.value = value }
}
