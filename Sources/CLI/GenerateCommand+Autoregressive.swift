import ArgumentParser
import Foundation
import ProfileGAN

/// `generate` for a model fitted with `--model autoregressive`: a thin layer over
/// ``AutoregressiveModel/generate(rows:options:write:)`` with the same output handling.
extension GenerateCommand {
    func generateAutoregressive(_ file: ModelFile, options: SynthesizerModel.GenerationOptions,
                                progress: ProgressBar, start: Date) throws {
        let fitted = try exitOnError { try AutoregressiveModel.load(file, file: model) }
        let writer = try exitOnError("--output ") { try TableCSVWriter(path: output, schema: fitted.schema) }
        try write(into: writer, progress: progress, schema: fitted.schema, start: start) {
            try fitted.generate(rows: rows, options: options, prepare: TableCSVWriter.encode) { try writer.append($0) }
        }
    }
}
