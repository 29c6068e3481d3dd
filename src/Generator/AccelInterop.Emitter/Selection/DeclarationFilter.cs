using System;
using System.Collections.Generic;
using AccelInterop.Emitter.Plan;

namespace AccelInterop.Emitter.Selection;

/// <summary>
/// Which declarations of a whole-uAPI plan a set of selected symbols emits: every declaration a
/// selected symbol owns, and the anonymous records and inline arrays those use (transitively).
/// One rule for the emitter and for the source generator's precompiled declarations.
/// </summary>
public static class DeclarationFilter
{
    /// <param name="symbols">The selected symbols' keys (<see cref="NamedModel.Symbols"/>); null selects the whole uAPI.</param>
    public static bool[] Included(IReadOnlyList<EmitDeclaration> declarations, IReadOnlyCollection<string>? symbols)
    {
        var selected = symbols == null ? null : symbols as ISet<string> ?? new HashSet<string>(symbols, StringComparer.Ordinal);
        bool Owned(EmitDeclaration d)
        {
            if (selected == null)
            {
                return true;
            }

            foreach (var o in d.Owners)
            {
                if (selected.Contains(o))
                {
                    return true;
                }
            }

            return false;
        }

        var byType = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < declarations.Count; i++)
        {
            if (declarations[i].OnlyWhenUsed && declarations[i].Type is string type)
            {
                byType[type] = i;
            }
        }

        // An array stack, not Stack<int>: a cold build would compile that instantiation first.
        var included = new bool[declarations.Count];
        var used = new HashSet<string>(StringComparer.Ordinal);
        var pending = new int[declarations.Count];
        var top = 0;
        for (var i = 0; i < declarations.Count; i++)
        {
            if (!declarations[i].OnlyWhenUsed && declarations[i].Owners.Count > 0 && Owned(declarations[i]))
            {
                included[i] = true;
                pending[top++] = i;
            }
        }

        while (top > 0)
        {
            foreach (var type in declarations[pending[--top]].Uses)
            {
                if (used.Add(type) && byType.TryGetValue(type, out var d) && !included[d]
                    && (declarations[d].Owners.Count == 0 || Owned(declarations[d])))
                {
                    included[d] = true;
                    pending[top++] = d;
                }
            }
        }

        return included;
    }
}
