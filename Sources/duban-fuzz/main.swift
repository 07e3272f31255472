// A corpus-mutation fuzzer for Duban's readers (no special toolchain needed): it mutates the
// seed files (bit flips, byte changes, truncation, duplication, splicing, deletion) and feeds
// every mutant to the reader through the same entry point the import uses. A mutant that makes
// the process crash or hang is left in `current-<reader>` for `make fuzz` to keep as a crasher.
//
// `make fuzz` prefers libFuzzer (LibFuzzer.swift) and falls back to this loop when the
// sanitizer build does not link.
//
// Usage: duban-fuzz READER SECONDS CORPUS_DIR OUT_DIR
//   READER: docx | xlsx | html | csv | text | form (a filled feedback form, XLSX or CSV)
import DubanCore
import Foundation

#if DUBAN_LIBFUZZER
runLibFuzzer()  // the coverage-guided build of `make fuzz` (LibFuzzer.swift)
#endif

let args = CommandLine.arguments
guard args.count == 5, let seconds = Double(args[2]) else {
    FileHandle.standardError.write(Data("usage: duban-fuzz READER SECONDS CORPUS_DIR OUT_DIR\n".utf8))
    exit(2)
}
let reader = args[1], corpusDir = args[3], outDir = args[4]
let ext = ["docx": "docx", "xlsx": "xlsx", "html": "html", "csv": "csv", "text": "txt", "form": "form"][reader] ?? "txt"

/// A filled feedback form as `duban forms import` reads it (the bytes decide XLSX or CSV).
func readForm(_ input: Data) throws -> FeedbackForm.Submission {
    try FeedbackForm.read(data: input, name: "fuzz.csv", asOf: Day(year: 2018, month: 9, day: 30)!)
}
try? FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)
let seeds = ((try? FileManager.default.contentsOfDirectory(atPath: corpusDir)) ?? [])
    .filter { reader == "form" || $0.hasSuffix("." + ext) }.sorted()
    .compactMap { FileManager.default.contents(atPath: (corpusDir as NSString).appendingPathComponent($0)) }
guard !seeds.isEmpty else { print("no .\(ext) seeds in \(corpusDir)"); exit(2) }

var rng = SystemRandomNumberGenerator()
func mutate(_ input: Data, _ seeds: [Data], _ rng: inout SystemRandomNumberGenerator) -> Data {
    var d = [UInt8](input)
    let rounds = Int.random(in: 1...8, using: &rng)
    for _ in 0..<rounds {
        guard !d.isEmpty else { d = [UInt8](seeds.randomElement(using: &rng)!); continue }
        let i = Int.random(in: 0..<d.count, using: &rng)
        switch Int.random(in: 0..<7, using: &rng) {
        case 0: d[i] ^= UInt8(1 << Int.random(in: 0..<8, using: &rng))
        case 1: d[i] = UInt8.random(in: 0...255, using: &rng)
        case 2: d.removeSubrange(i..<min(d.count, i + Int.random(in: 1...64, using: &rng)))
        case 3: let n = min(d.count - i, Int.random(in: 1...256, using: &rng)); d.insert(contentsOf: d[i..<i + n], at: i)
        case 4: d = Array(d.prefix(i))
        case 5: let other = seeds.randomElement(using: &rng)!; let j = Int.random(in: 0..<max(1, other.count), using: &rng)
                d.insert(contentsOf: other.dropFirst(j).prefix(512), at: i)
        default: d.insert(contentsOf: [0x3C, 0x21, 0x26, 0x22, 0x00, 0xFF, 0xE4, 0xB8].shuffled(using: &rng).prefix(3), at: i)
        }
    }
    return Data(d)
}

let current = (outDir as NSString).appendingPathComponent("current-\(reader).\(ext)")
let deadline = Date().addingTimeInterval(seconds)
var runs = 0, refused = 0, read = 0
while Date() < deadline {
    let input = mutate(seeds.randomElement(using: &rng)!, seeds, &rng)
    _ = FileManager.default.createFile(atPath: current, contents: input)
    do {
        if reader == "form" { _ = try readForm(input) } else { _ = try PlanImporter.read(data: input, name: "fuzz.\(ext)") }
        read += 1
    } catch {
        refused += 1
    }
    runs += 1
}
try? FileManager.default.removeItem(atPath: current)
print("\(reader): \(runs) inputs in \(Int(seconds)) s — \(read) read as plans, \(refused) refused with a message, 0 crashes")
