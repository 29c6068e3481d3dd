namespace AccelInterop.Headers;

/// <summary>One apt source entry (one type, one URI), whichever file format it was written in.</summary>
/// <param name="Type"><c>deb</c> or <c>deb-src</c>.</param>
/// <param name="Uri">Archive root, without a trailing slash.</param>
/// <param name="Suites">Suites (codenames such as <c>bookworm</c>, <c>bookworm-updates</c>).</param>
/// <param name="Components">Components such as <c>main</c>.</param>
/// <param name="File">The file the entry came from, for error messages.</param>
public sealed record AptSource(string Type, string Uri, IReadOnlyList<string> Suites, IReadOnlyList<string> Components, string File);
