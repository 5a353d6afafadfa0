import COpenBLAS

extension InferenceGenerator {
    /// Writes the raw (pre-activation) outputs for `input` (`batch × inputSize`: noise, then the
    /// condition vector) into `output`, resized to `batch × dataWidth` — what `Generator.forward`
    /// computes in evaluation mode.
    public func forward(_ input: Matrix, into output: Matrix) {
        output.resize(rows: input.rows, columns: dataWidth)
        forward(input, into: output, firstRow: 0)
    }

    /// Writes the raw outputs for `input` into rows `firstRow ..< firstRow + input.rows` of
    /// `output` (which must have ``dataWidth`` columns and enough rows), so a caller can fill a
    /// large batch piece by piece with small inputs.
    public func forward(_ input: Matrix, into output: Matrix, firstRow: Int) {
        precondition(input.columns == inputSize, "InferenceGenerator expects \(inputSize) input columns, got \(input.columns)")
        precondition(output.columns == dataWidth && firstRow >= 0 && firstRow + input.rows <= output.rows,
                     "the output needs \(dataWidth) columns and rows \(firstRow)..<\(firstRow + input.rows)")
        let output = output.data + firstRow * dataWidth
        var start = 0
        while start < input.rows {
            let rows = min(chunkRows, input.rows - start)
            forwardChunk(input.data + start * inputSize, rows: rows, into: output + start * dataWidth)
            start += rows
        }
    }

    private func forwardChunk(_ input: UnsafePointer<Float>, rows: Int, into output: UnsafeMutablePointer<Float>) {
        let noiseWidth = inputSize - conditionWidth
        chooseBiases(input + noiseWidth, rows: rows)
        // Every layer's product with the noise, into the whole wide buffer.
        multiplyTransposed(input, rows: rows, leading: inputSize, by: stageWeights[0],
                           into: wide.data, leading: width, accumulate: false)
        for (j, hidden) in hiddenSizes.enumerated() {
            let offset = offsets[j]
            for r in 0..<rows {
                let h = wide.data + r * width + offset, b = rowBiases[r] + offset
                for c in 0..<hidden { h[c] = max(h[c] + b[c], 0) }
            }
            // hⱼ's contribution to every later layer.
            multiplyTransposed(wide.data + offset, rows: rows, leading: width, by: stageWeights[j + 1],
                               into: wide.data + offsets[j + 1], leading: width, accumulate: true)
        }
        let head = offsets[hiddenSizes.count]
        for r in 0..<rows {
            let p = wide.data + r * width + head, b = rowBiases[r] + head, y = output + r * dataWidth
            for c in 0..<dataWidth { y[c] = p[c] + b[c] }
        }
    }

    /// Points each row at its bias row: the condition entry's precomputed row when the condition is
    /// one-hot, else a row computed into ``customBiases``.
    private func chooseBiases(_ conditions: UnsafePointer<Float>, rows: Int) {
        for r in 0..<rows {
            let condition = conditions + r * inputSize
            var hot = -1, others = 0
            for c in 0..<conditionWidth where condition[c] != 0 {
                if condition[c] == 1 && hot < 0 { hot = c } else { others += 1 }
            }
            if others == 0 {
                rowBiases[r] = UnsafePointer(biasRows.data + (hot + 1) * width)
                continue
            }
            if customBiases.rows < chunkRows { customBiases.resize(rows: chunkRows, columns: width) }
            let custom = customBiases.data + r * width
            custom.update(from: biasRows.data, count: width)
            for c in 0..<conditionWidth where condition[c] != 0 {
                let weights = conditionWeights.data + c * width, v = condition[c]
                for o in 0..<width { custom[o] += v * weights[o] }
            }
            rowBiases[r] = UnsafePointer(custom)
        }
    }

    /// `C = A · Bᵀ (+ C)` on row-major blocks inside wider buffers: A is `rows × B.columns` with
    /// row stride `leading`, B is `n × k` (a `Linear`-style weight), C is `rows × B.rows` with row
    /// stride `cLeading`. A and C may share a buffer as long as their columns do not overlap.
    private func multiplyTransposed(_ a: UnsafePointer<Float>, rows: Int, leading: Int, by b: Matrix,
                                    into c: UnsafeMutablePointer<Float>, leading cLeading: Int, accumulate: Bool) {
        guard rows > 0, b.rows > 0 else { return }
        guard b.columns > 0 else {
            if !accumulate { for r in 0..<rows { (c + r * cLeading).update(repeating: 0, count: b.rows) } }
            return
        }
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, blasint(rows), blasint(b.rows), blasint(b.columns),
                    1, a, blasint(leading), b.data, blasint(b.columns), accumulate ? 1 : 0, c, blasint(cLeading))
    }
}
