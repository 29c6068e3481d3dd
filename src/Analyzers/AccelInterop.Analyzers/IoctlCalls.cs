using System;
using System.Collections.Generic;
using AccelInterop.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AccelInterop.Analyzers;

/// <summary>An <c>Ioctl…(request, ref arg)</c> call in a method body: its request member and the local it passes.</summary>
internal sealed class IoctlCall
{
    public IoctlCall(IInvocationOperation invocation, ISymbol? request, ILocalSymbol? argument)
    {
        Invocation = invocation;
        Request = request;
        Argument = argument;
    }

    public IInvocationOperation Invocation { get; }

    /// <summary>The generated request property or field passed, if the call names one.</summary>
    public ISymbol? Request { get; }

    /// <summary>The device file the call is made on (local, parameter, field or property), if named.</summary>
    public ISymbol? Device => Invocation.Instance == null ? null : Unwrap(Invocation.Instance) switch
    {
        ILocalReferenceOperation l => l.Local,
        IParameterReferenceOperation p => p.Parameter,
        IMemberReferenceOperation m when m.Instance == null || m.Instance is IInstanceReferenceOperation => m.Member,
        _ => (ISymbol?)null,
    };

    /// <summary>The local passed as the argument (<c>ref x</c>, <c>&amp;x</c>), if any.</summary>
    public ILocalSymbol? Argument { get; }

    public static IEnumerable<IoctlCall> In(IOperation block)
    {
        foreach (var op in block.Descendants())
        {
            if (!(op is IInvocationOperation call) || !call.TargetMethod.Name.StartsWith("Ioctl", StringComparison.Ordinal))
            {
                continue;
            }

            ISymbol? request = null;
            ILocalSymbol? argument = null;
            foreach (var a in call.Arguments)
            {
                var value = Unwrap(a.Value);
                if (request == null && value is IMemberReferenceOperation m && IsRequestType(m.Type))
                {
                    request = m.Member;
                }
                else if (argument == null && value is ILocalReferenceOperation l)
                {
                    argument = l.Local;
                }
            }
            yield return new IoctlCall(call, request, argument);
        }
    }

    private static bool IsRequestType(ITypeSymbol? type) =>
        type != null && type.Name == RuntimeNames.IoctlRequest && type.ContainingNamespace?.ToDisplayString() == RuntimeNames.IoctlNamespace;

    public static IOperation Unwrap(IOperation value)
    {
        while (true)
        {
            if (value is IConversionOperation c)
            {
                value = c.Operand;
            }
            else if (value is IAddressOfOperation a)
            {
                value = a.Reference;
            }
            else if (value is IDeclarationExpressionOperation d)
            {
                value = d.Expression;
            }
            else
            {
                return value;
            }
        }
    }
}
