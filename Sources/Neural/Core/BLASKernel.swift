import COpenBLAS

/// Which OpenBLAS kernels run the matrix products.
///
/// OpenBLAS picks them when it is loaded; ProfileGAN loads it itself so that it can pick for CPUs
/// that OpenBLAS 0.3.21 does not recognise (Sources/Shims/COpenBLAS/README.md).
public enum BLASKernel {
    /// OpenBLAS' name for the kernels in use ("Cooperlake", "SkylakeX", "Haswell", "Prescott", …).
    public static var name: String { String(cString: openblas_get_corename()) }

    /// Whether ProfileGAN chose the kernels (through `OPENBLAS_CORETYPE`) rather than OpenBLAS'
    /// own detection or the user's `OPENBLAS_CORETYPE`.
    public static var chosenByProfileGAN: Bool { profilegan_openblas_forced_coretype() != nil }

    /// One line for benchmark output: the kernel and who chose it.
    public static var description: String {
        "OpenBLAS kernel \(name) (\(chosenByProfileGAN ? "chosen by ProfileGAN from the CPU's features" : "OpenBLAS' or OPENBLAS_CORETYPE's choice"))"
    }
}
