using System.Collections.Generic;

namespace AccelInterop.Emitter.Plan;

/// <summary>
/// What selects one generated declaration (a struct with its layout rows, an enum, a constant, a
/// request, an inline array): the selection's view of it, kept beside its rendered text so a
/// selection can pick declarations without planning the uAPI again (<see cref="Selection.DeclarationFilter"/>).
/// </summary>
public sealed class EmitDeclaration
{
    public EmitDeclaration(string? type, IReadOnlyList<string> owners, bool onlyWhenUsed, IReadOnlyList<string> uses)
    {
        Type = type;
        Owners = owners;
        OnlyWhenUsed = onlyWhenUsed;
        Uses = uses;
    }

    /// <summary>The C# type it declares, which other declarations' <see cref="Uses"/> name; null for a constant or request.</summary>
    public string? Type { get; }

    /// <summary>The selected symbols (keys, <c>Record:drm_xe_exec</c>) any one of which selects it.</summary>
    public IReadOnlyList<string> Owners { get; }

    /// <summary>
    /// Emitted only when an emitted declaration uses it (an anonymous record, an inline array), and
    /// then only with one of its <see cref="Owners"/> selected when it has any.
    /// </summary>
    public bool OnlyWhenUsed { get; }

    /// <summary>The C# types its fields or argument are (what it needs emitted beside it).</summary>
    public IReadOnlyList<string> Uses { get; }
}

/// <summary>A note on what could not be bound exactly, with the symbol it is about (<c>Ioctl:…</c>).</summary>
public sealed class EmitNote
{
    public EmitNote(string owner, string text)
    {
        Owner = owner;
        Text = text;
    }

    public string Owner { get; }
    public string Text { get; }
}
