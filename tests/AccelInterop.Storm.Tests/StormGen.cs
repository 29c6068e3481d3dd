using CsCheck;

namespace AccelInterop.Storm.Tests;

/// <summary>CsCheck generators of storm programs. Weights favour ioctls; the rest keep fds, mappings and processes moving.</summary>
internal static class StormGen
{
    private static readonly (StormOp Op, int Weight)[] Weights =
    [
        (StormOp.Ioctl, 60), (StormOp.Open, 8), (StormOp.Close, 4), (StormOp.Dup, 2), (StormOp.SendFd, 3),
        (StormOp.Mmap, 7), (StormOp.Munmap, 3), (StormOp.WriteMapping, 6), (StormOp.EventFd, 1), (StormOp.Memfd, 2), (StormOp.Exit, 1),
    ];

    private static readonly Gen<StormOp> Op = Gen.Frequency([.. Weights.Select(w => (w.Weight, w.Op))]);

    /// <summary>Hostile and boundary numbers, and small ones: what a fuzzer puts in a value.</summary>
    public static readonly Gen<ulong> Value = Gen.Frequency(
        (4, Gen.ULong[0, 16]),
        (2, Gen.ULong),
        (1, Gen.OneOf(0x7FFF_FFFFUL, 0x8000_0000UL, 0xFFFF_FFFFUL, 0x1_0000_0000UL, 0x7FFF_FFFF_FFFF_FFFFUL, ulong.MaxValue,
            ulong.MaxValue - 4095, 0x2000_0000UL, 0x1000_0000UL, 1UL << 40, 1UL << 62)));

    public static readonly Gen<StormCall> Call =
        Gen.Select(Op, Gen.Int[0, StormProgram.Processes - 1], Gen.Int[0, StormProgram.ThreadsPerProcess - 1], Gen.UInt, Gen.UInt, Value, Gen.Int,
            (op, p, t, target, choice, value, salt) => new StormCall(op, p, t, target, choice, value, salt));

    /// <summary>Programs; one in three arms every fault point, or every one with <paramref name="alwaysFaults"/>.</summary>
    public static Gen<StormProgram> Program(bool deterministic, int minCalls, int maxCalls, bool alwaysFaults = false) =>
        Gen.Select(Gen.Int[0, int.MaxValue],
            alwaysFaults ? Gen.Double[0.001, 0.05] : Gen.Frequency((2, (IGen<double>)Gen.Const(0.0)), (1, Gen.Double[0.001, 0.05])),
            Call.Array[minCalls, maxCalls],
            (seed, faults, calls) => new StormProgram(deterministic, seed, faults, calls));
}
