// Coverage-guided fuzzing with libFuzzer, compiled only into the fuzz build of `make fuzz`:
//   swift build -c release --product duban-fuzz -Xswiftc -sanitize=fuzzer,address \
//       -Xswiftc -use-ld=lld -Xswiftc -DDUBAN_LIBFUZZER
// (the toolchain's lld: Debian's gold stops on Swift 6.3's DWARF). libFuzzer then drives
// `PlanImporter.read` with inputs it grows from the seed corpus, guided by which branches of
// Duban's Swift code they reach; AddressSanitizer turns memory errors into crashes. The reader
// is chosen by DUBAN_FUZZ_READER (docx, xlsx, html, csv, text; pdf-words reads the input as
// pdftotext's word boxes of a PDF, as `PDFReader` gets them; html-diff compares the HTML
// reader's own tokenizer with libxml2 on every input it takes; form reads the input as a filled
// feedback form, XLSX or CSV, through `FeedbackForm.read`); every other argument is
// libFuzzer's (corpus folders, -max_total_time=, -artifact_prefix=, …).
#if DUBAN_LIBFUZZER
import DubanCore
import Foundation

@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// The reader to fuzz; `html-diff` checks the HTML fast path against libxml2 instead.
private let fuzzReader = ProcessInfo.processInfo.environment["DUBAN_FUZZ_READER"] ?? "docx"

/// The file name extension the importer sees (it picks the reader by it and by the bytes).
private let fuzzExtension: String = {
    ["docx": "docx", "xlsx": "xlsx", "html": "html", "csv": "csv", "text": "txt"][fuzzReader] ?? "txt"
}()

/// Runs libFuzzer; does not return.
func runLibFuzzer() -> Never {
    var argc = CommandLine.argc
    var argv = CommandLine.unsafeArgv
    _ = fuzzExtension
    let status = LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        let input = data.map { Data(bytes: $0, count: size) } ?? Data()
        if fuzzReader == "html-diff" {
            // A page the fast path reads differently from libxml2 is a crash, kept as an artifact.
            guard HTMLReader.fastPathAgrees(input) else { fatalError("HTMLFastParser differs from libxml2") }
            return 0
        }
        if fuzzReader == "pdf-words" {
            // pdftotext's word boxes (as PDFReader gets them) laid out and read as a plan.
            if let grid = try? PDFReader.grid(wordsXHTML: input, source: "fuzz.pdf") { _ = try? PlanInterpreter.interpret(grid) }
            return 0
        }
        if fuzzReader == "form" {
            _ = try? readForm(input)
            return 0
        }
        _ = try? PlanImporter.read(data: input, name: "fuzz.\(fuzzExtension)")  // refusing is fine; crashing is not
        return 0
    }
    exit(status)
}
#endif
