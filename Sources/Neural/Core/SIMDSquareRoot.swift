#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

/// Correctly rounded square roots of eight lanes.
///
/// `SIMD8<Float>.squareRoot()` and the scalar `Float.squareRoot()` in a loop both lower to libm
/// `sqrtf` calls on Linux (errno semantics keep LLVM from vectorizing them), which made Adam's
/// update several times slower than its arithmetic. On x86-64 this uses SSE `sqrtps`, which is
/// IEEE-exact and so gives the same bits as the scalar root.
@inline(__always)
func squareRoot(_ x: SIMD8<Float>) -> SIMD8<Float> {
    #if arch(x86_64)
    return SIMD8(lowHalf: _mm_sqrt_ps(x.lowHalf), highHalf: _mm_sqrt_ps(x.highHalf))
    #else
    var result = SIMD8<Float>()
    for lane in 0..<8 { result[lane] = x[lane].squareRoot() }
    return result
    #endif
}
