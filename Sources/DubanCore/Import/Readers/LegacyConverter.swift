import Foundation

/// Converts legacy binary Office files (.doc/.wps → .docx, .xls/.et → .xlsx) with LibreOffice
/// in a private temporary folder, when `soffice` is installed.
public enum LegacyConverter {
    /// The target a legacy file converts to.
    public enum Target: String, Sendable { case docx, xlsx }

    /// Longest a conversion may take.
    static let timeout: TimeInterval = 120

    /// Which modern format an OLE2 compound file holds (by its stream names), else by extension.
    public static func target(for data: Data, name: String) -> Target {
        let probe = data.prefix(512 * 1024)
        func has(_ stream: String) -> Bool {
            let utf16 = Data(stream.utf16.flatMap { [UInt8($0 & 0xff), UInt8($0 >> 8)] })
            return probe.range(of: utf16) != nil
        }
        if has("WordDocument") { return .docx }
        if has("Workbook") || has("Book") { return .xlsx }
        let ext = (name as NSString).pathExtension.lowercased()
        return ["xls", "et", "ett", "xlt"].contains(ext) ? .xlsx : .docx
    }

    /// The `soffice` executable on PATH, if any.
    public static func soffice() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            for exe in ["soffice", "libreoffice"] {
                let candidate = "\(dir)/\(exe)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }

    /// Runs a helper program (its output unread), stopping it after `timeout` seconds.
    /// - Returns: its exit status.
    static func run(_ executable: String, _ arguments: [String], timeout: TimeInterval) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Converts and returns the converted bytes.
    /// - Throws: `ImportError.unsupportedFormat` with how to convert by hand when LibreOffice is
    ///   missing or fails.
    public static func convert(_ data: Data, name: String) throws -> (Data, Target) {
        let target = target(for: data, name: name)
        let ext = target == .docx ? "doc" : "xls"
        guard let soffice = soffice() else {
            throw ImportError.unsupportedFormat(
                file: name,
                detail: "这是旧版 Office 文件（.doc/.wps/.xls/.et），本机未安装 LibreOffice 无法自动转换。请用 Word/WPS/Excel 打开后“另存为” .\(target.rawValue)，或安装 LibreOffice（apt-get install libreoffice-writer-nogui libreoffice-calc-nogui）")
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("duban-convert-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let input = dir.appendingPathComponent("input.\(ext)")
            try data.write(to: input)
            _ = try run(soffice, ["-env:UserInstallation=file://\(dir.path)/profile", "--headless", "--norestore",
                                  "--convert-to", target.rawValue, "--outdir", dir.path, input.path], timeout: timeout)
            let output = dir.appendingPathComponent("input.\(target.rawValue)")
            guard let converted = FileManager.default.contents(atPath: output.path), !converted.isEmpty else {
                throw ImportError.damaged(file: name, detail: "LibreOffice 无法转换这个旧版 Office 文件")
            }
            return (converted, target)
        } catch let error as ImportError {
            throw error
        } catch {
            throw ImportError.damaged(file: name, detail: "转换旧版 Office 文件时出错：\(error.localizedDescription)")
        }
    }
}
