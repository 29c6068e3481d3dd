namespace AccelInterop.Emitter;

/// <summary>Names of what the emitter generates for one uAPI.</summary>
public sealed class EmitterOptions
{
    public EmitterOptions(string @namespace, string className, string visibility = Selection.Visibility.Public)
    {
        if (!Selection.Visibility.IsKnown(visibility))
        {
            throw new System.ArgumentException($"visibility '{visibility}' is not public or internal", nameof(visibility));
        }

        Namespace = @namespace;
        ClassName = className;
        Visibility = visibility;
    }

    /// <summary>The namespace of every generated type (<c>AccelInterop.Uapi.Xe</c>).</summary>
    public string Namespace { get; }

    /// <summary>The static class holding constants and ioctl requests (<c>Xe</c>); the layout check is <c>XeLayout</c>.</summary>
    public string ClassName { get; }

    /// <summary><c>public</c> (default) or <c>internal</c>: the accessibility of the generated top-level types.</summary>
    public string Visibility { get; }

    /// <summary>The same names with another accessibility.</summary>
    public EmitterOptions WithVisibility(string visibility) => new EmitterOptions(Namespace, ClassName, visibility);

    /// <summary>Defaults for a uAPI named like its model file (<c>xe</c> → <c>AccelInterop.Uapi.Xe</c>, class <c>Xe</c>).</summary>
    public static EmitterOptions For(string uapiName, string namespaceRoot = "AccelInterop.Uapi")
    {
        var pascal = Mapping.CsNames.Pascal(uapiName);
        return new EmitterOptions(namespaceRoot + "." + pascal, pascal);
    }
}

/// <summary>One generated C# file: its name (no folder) and text (<c>\n</c> line ends).</summary>
public sealed class GeneratedSource
{
    public GeneratedSource(string fileName, string text)
    {
        FileName = fileName;
        Text = text;
    }

    public string FileName { get; }
    public string Text { get; }
}
