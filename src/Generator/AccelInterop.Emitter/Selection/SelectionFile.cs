using System;
using System.Collections.Generic;

namespace AccelInterop.Emitter.Selection;

/// <summary>One line of a selection file: a name or <c>prefix*</c> pattern, possibly excluded with a leading '-'.</summary>
public sealed class SelectionEntry
{
    public SelectionEntry(string pattern, int line, bool exclude)
    {
        Pattern = pattern;
        Line = line;
        Exclude = exclude;
    }

    /// <summary>The name or pattern without the '-' (<c>DRM_XE_GEM_*</c>).</summary>
    public string Pattern { get; }

    /// <summary>1-based line in the selection file.</summary>
    public int Line { get; }

    public bool Exclude { get; }

    public bool IsWildcard => Pattern.EndsWith("*", StringComparison.Ordinal);

    public bool Matches(string name) => IsWildcard
        ? name.StartsWith(Pattern.Substring(0, Pattern.Length - 1), StringComparison.Ordinal)
        : string.Equals(name, Pattern, StringComparison.Ordinal);
}

/// <summary>
/// Parses <c>AccelInterop.txt</c>: one name a line, <c>prefix*</c> wildcards, <c>-name</c> excludes,
/// <c>//</c> comments (whole-line or trailing), blank lines ignored.
/// </summary>
public static class SelectionFile
{
    public static SelectionParse Parse(string text)
    {
        var entries = new List<SelectionEntry>();
        var errors = new List<SelectionError>();
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var comment = line.IndexOf("//", StringComparison.Ordinal);
            if (comment >= 0)
            {
                line = line.Substring(0, comment);
            }

            line = line.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var exclude = line[0] == '-';
            var pattern = exclude ? line.Substring(1).Trim() : line;
            if (!IsPattern(pattern))
            {
                errors.Add(new SelectionError(i + 1, pattern, $"'{line}' is not a name or a 'prefix*' pattern", Array.Empty<string>()));
                continue;
            }
            entries.Add(new SelectionEntry(pattern, i + 1, exclude));
        }
        return new SelectionParse(entries, errors);
    }

    // C identifiers, with one optional trailing '*' (a bare '*' selects everything).
    private static bool IsPattern(string s)
    {
        if (s.Length == 0)
        {
            return false;
        }

        var body = s.EndsWith("*", StringComparison.Ordinal) ? s.Substring(0, s.Length - 1) : s;
        foreach (var c in body)
        {
            if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
            {
                return false;
            }
        }

        return body.Length == 0 || !(body[0] >= '0' && body[0] <= '9');
    }
}

/// <summary>The entries of a selection file and the lines that could not be read.</summary>
public sealed class SelectionParse
{
    public SelectionParse(IReadOnlyList<SelectionEntry> entries, IReadOnlyList<SelectionError> errors)
    {
        Entries = entries;
        Errors = errors;
    }

    public IReadOnlyList<SelectionEntry> Entries { get; }
    public IReadOnlyList<SelectionError> Errors { get; }
}

/// <summary>A selection line that names nothing known, with the closest known names.</summary>
public sealed class SelectionError
{
    public SelectionError(int line, string name, string message, IReadOnlyList<string> suggestions)
    {
        Line = line;
        Name = name;
        Message = message;
        Suggestions = suggestions;
    }

    public int Line { get; }
    public string Name { get; }
    public string Message { get; }
    public IReadOnlyList<string> Suggestions { get; }

    /// <summary>The message with its "did you mean" tail, as the CLI and the generator print it.</summary>
    public string FullMessage => Suggestions.Count == 0
        ? Message
        : $"{Message}; did you mean {string.Join(", ", Suggestions)}?";
}
