using AccelInterop.Scanner.Clang;
using Xunit;

namespace AccelInterop.Scanner.Tests.Clang;

/// <summary>Constant evaluation keeps all 64 bits and the signedness.</summary>
[Trait(Needs.Key, Needs.Toolchain)]
public sealed class EvaluateTests(LayoutUnitFixture fixture) : IClassFixture<LayoutUnitFixture>
{
    private readonly TranslationUnit _unit = fixture.Unit;

    [Fact]
    public void AllOnesUnsignedLongLongIsExact()
    {
        EvaluationResult result = _unit.Find(CursorKind.VarDecl, "probe_all_ones").Evaluate();

        Assert.Equal(EvaluationKind.Int, result.Kind);
        Assert.True(result.IsUnsigned);
        Assert.Equal(0xFFFFFFFFFFFFFFFFUL, result.UnsignedValue);
        Assert.Equal((Int128)ulong.MaxValue, result.Value);
        Assert.Equal(GccLayoutProbe.Get("var.probe_all_ones"), result.Value);
    }

    [Fact]
    public void MinusOneIsSigned()
    {
        EvaluationResult result = _unit.Find(CursorKind.VarDecl, "probe_minus_one").Evaluate();

        Assert.Equal(EvaluationKind.Int, result.Kind);
        Assert.False(result.IsUnsigned);
        Assert.Equal(-1L, result.SignedValue);
        Assert.Equal(GccLayoutProbe.Get("var.probe_minus_one"), result.Value);
    }

    [Fact]
    public void ADoubleEvaluatesAsFloat()
    {
        EvaluationResult result = _unit.Find(CursorKind.VarDecl, "probe_half").Evaluate();

        Assert.Equal(EvaluationKind.Float, result.Kind);
        Assert.Equal(0.5, result.FloatValue);
    }

    [Fact]
    public void ARecordIsNotEvaluable()
    {
        Assert.Equal(EvaluationKind.Unevaluable, _unit.Find(CursorKind.StructDecl, "probe_record").Evaluate().Kind);
    }
}
