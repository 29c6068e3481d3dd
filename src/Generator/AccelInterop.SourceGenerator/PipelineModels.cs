using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Text;

namespace AccelInterop.SourceGenerator;

/// <summary>An AdditionalFile the generator reads, the selection file or a user model: its path and text (strings only: equatable, nothing from the compilation).</summary>
internal sealed class InputFile : IEquatable<InputFile>
{
    public InputFile(string path, string text)
    {
        Path = path;
        Text = text;
    }

    public string Path { get; }
    public string Text { get; }

    /// <summary>The collected files as a class (a loop, not LINQ: a cold build compiles what it runs).</summary>
    public static EquatableArray<InputFile> Array(ImmutableArray<InputFile> files)
    {
        var items = new InputFile[files.Length];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = files[i];
        }

        return new EquatableArray<InputFile>(items);
    }

    public bool Equals(InputFile? other) => other != null && Path == other.Path && Text == other.Text;
    public override bool Equals(object? obj) => Equals(obj as InputFile);
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Path) ^ StringComparer.Ordinal.GetHashCode(Text);
}

/// <summary>A user model (<c>*.uapi.json</c> given as AdditionalFiles): its uAPI name and text.</summary>
internal sealed class UserModelInput : IEquatable<UserModelInput>
{
    public UserModelInput(string name, string path, string text)
    {
        Name = name;
        Path = path;
        Text = text;
    }

    public string Name { get; }
    public string Path { get; }
    public string Text { get; }

    public bool Equals(UserModelInput? other) => other != null && Name == other.Name && Path == other.Path && Text == other.Text;
    public override bool Equals(object? obj) => Equals(obj as UserModelInput);
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name) ^ Text.Length;
}

/// <summary>MSBuild/editorconfig options: <c>AccelInteropNamespace</c> (root), <c>AccelInteropVisibility</c>, <c>AccelInteropTargets</c>.</summary>
internal sealed class GeneratorSettings : IEquatable<GeneratorSettings>
{
    public GeneratorSettings(string namespaceRoot, string? visibility, string? targets)
    {
        NamespaceRoot = namespaceRoot;
        Visibility = visibility;
        Targets = targets;
    }

    public string NamespaceRoot { get; }
    public string? Visibility { get; }
    public string? Targets { get; }

    public bool Equals(GeneratorSettings? other) =>
        other != null && NamespaceRoot == other.NamespaceRoot && Visibility == other.Visibility && Targets == other.Targets;
    public override bool Equals(object? obj) => Equals(obj as GeneratorSettings);
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(NamespaceRoot);
}

/// <summary>
/// One uAPI to emit: where its model comes from and which symbols it keeps. Equal units
/// give equal output, so a selection edit re-renders only the uAPIs whose units changed.
/// </summary>
internal sealed class EmitUnit : IEquatable<EmitUnit>
{
    public EmitUnit(string uapi, string @namespace, string className, string visibility, EquatableArray<string> targets,
        UserModelInput? userModel, EquatableArray<string> symbols)
    {
        Targets = targets;
        Visibility = visibility;
        Uapi = uapi;
        Namespace = @namespace;
        ClassName = className;
        UserModel = userModel;
        Symbols = symbols;
    }

    public string Uapi { get; }
    public string Namespace { get; }
    public string ClassName { get; }

    /// <summary><c>public</c> or <c>internal</c>.</summary>
    public string Visibility { get; }

    /// <summary>The model's triples to bind; empty for all of them (the option not set, or naming them all).</summary>
    public EquatableArray<string> Targets { get; }

    /// <summary>Null for an embedded model.</summary>
    public UserModelInput? UserModel { get; }

    public EquatableArray<string> Symbols { get; }

    public bool Equals(EmitUnit? other) => other != null && Uapi == other.Uapi && Namespace == other.Namespace
        && ClassName == other.ClassName && Visibility == other.Visibility && Targets.Equals(other.Targets) && Equals(UserModel, other.UserModel) && Symbols.Equals(other.Symbols);
    public override bool Equals(object? obj) => Equals(obj as EmitUnit);
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Uapi) ^ Symbols.GetHashCode();
}

/// <summary>A diagnostic as plain data (id, message, file line span), turned into a Roslyn one at the end.</summary>
internal sealed class DiagnosticInfo : IEquatable<DiagnosticInfo>
{
    public DiagnosticInfo(string id, string message, string path, TextSpan span, LinePositionSpan lines)
    {
        Id = id;
        Message = message;
        Path = path;
        Span = span;
        Lines = lines;
    }

    public string Id { get; }
    public string Message { get; }
    public string Path { get; }
    public TextSpan Span { get; }
    public LinePositionSpan Lines { get; }

    public bool Equals(DiagnosticInfo? other) => other != null && Id == other.Id && Message == other.Message
        && Path == other.Path && Span.Equals(other.Span) && Lines.Equals(other.Lines);
    public override bool Equals(object? obj) => Equals(obj as DiagnosticInfo);
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Message) ^ Span.GetHashCode();
}

/// <summary>What resolving the selection gives: the units to emit and the diagnostics to report.</summary>
internal sealed class SelectionPlan : IEquatable<SelectionPlan>
{
    public SelectionPlan(EquatableArray<EmitUnit> units, EquatableArray<DiagnosticInfo> diagnostics)
    {
        Units = units;
        Diagnostics = diagnostics;
    }

    public EquatableArray<EmitUnit> Units { get; }
    public EquatableArray<DiagnosticInfo> Diagnostics { get; }

    public bool Equals(SelectionPlan? other) => other != null && Units.Equals(other.Units) && Diagnostics.Equals(other.Diagnostics);
    public override bool Equals(object? obj) => Equals(obj as SelectionPlan);
    public override int GetHashCode() => Units.GetHashCode();
}

