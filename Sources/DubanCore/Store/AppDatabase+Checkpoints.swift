import Foundation
import GRDB

extension AppDatabase {
    /// For a long-running server: WAL checkpoints leave the write path. With `synchronous=NORMAL`
    /// a checkpoint is the only moment SQLite waits for the disk (fsync), and by default it runs
    /// inside whichever commit crosses 1,000 WAL pages — so one report in a few hundred waited
    /// hundreds of milliseconds. Here the writer no longer checkpoints by itself; a separate
    /// connection runs a PASSIVE checkpoint (never blocks readers or the writer) every `interval`
    /// seconds on a background thread, for as long as the process lives. Durability is unchanged:
    /// every commit is in the WAL, the checkpoint only copies it into the database file.
    /// - Throws: a GRDB error when the background connection cannot be opened.
    public func checkpointInBackground(every interval: TimeInterval = 1) throws {
        guard let pool = writer as? DatabasePool else { return }  // in-memory databases have no WAL
        let checkpointer = try DatabaseQueue(path: pool.path, configuration: Self.makeConfiguration())
        try writer.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_autocheckpoint = 0") }
        let thread = Thread {
            while true {
                Thread.sleep(forTimeInterval: interval)
                // A failed checkpoint (busy) is simply tried again next time.
                try? checkpointer.writeWithoutTransaction { try $0.checkpoint(.passive) }
            }
        }
        thread.name = "duban.checkpoint"
        thread.start()
    }
}
