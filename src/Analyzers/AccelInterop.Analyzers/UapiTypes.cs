using System.Collections.Concurrent;
using AccelInterop.Shared;
using Microsoft.CodeAnalysis;

namespace AccelInterop.Analyzers;

/// <summary>
/// Recognises generated uAPI structs from what the generator puts on them: a member carrying
/// an ABI-fact attribute (AccelInterop.Runtime.Abi), a member whose type is one (nested
/// records), or an [InlineArray] member (fixed C arrays). Cached per compilation.
/// </summary>
internal sealed class UapiTypes
{
    private const string AbiNamespace = RuntimeNames.AbiNamespace;
    private readonly ConcurrentDictionary<ITypeSymbol, bool> _known = new ConcurrentDictionary<ITypeSymbol, bool>(SymbolEqualityComparer.Default);

    public bool IsUapiStruct(ITypeSymbol? type) => type is INamedTypeSymbol named && IsUapiStruct(named, 0);

    private bool IsUapiStruct(INamedTypeSymbol type, int depth)
    {
        if (type.TypeKind != TypeKind.Struct || depth > 8)
        {
            return false;
        }

        if (_known.TryGetValue(type, out var known))
        {
            return known;
        }

        var result = false;
        foreach (var member in type.GetMembers())
        {
            if (!(member is IFieldSymbol field) || field.IsStatic)
            {
                continue;
            }

            if (HasAbiAttribute(field) || IsInlineArray(field.Type)
                || (field.Type is INamedTypeSymbol nested && !SymbolEqualityComparer.Default.Equals(nested, type) && IsUapiStruct(nested, depth + 1)))
            {
                result = true;
                break;
            }
        }
        _known[type] = result;
        return result;
    }

    private static bool HasAbiAttribute(ISymbol symbol)
    {
        foreach (var a in symbol.GetAttributes())
        {
            if (a.AttributeClass?.ContainingNamespace?.ToDisplayString() == AbiNamespace)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsInlineArray(ITypeSymbol type)
    {
        foreach (var a in type.GetAttributes())
        {
            if (a.AttributeClass?.ToDisplayString() == "System.Runtime.CompilerServices.InlineArrayAttribute")
            {
                return true;
            }
        }

        return false;
    }
}
