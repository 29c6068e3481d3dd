using System;
using System.Text.RegularExpressions;

namespace AccelInterop.Emitter.Selection
{
    /// <summary>
    /// Accessibility of the generated top-level types. The templates emit <c>public</c>; for
    /// bindings kept inside one library (<c>internal</c>) the declarations at column 0 are
    /// rewritten (members stay public, which internal types make internal). Shared by
    /// <c>accelgen generate --visibility</c> and the source generator so both give the same bytes.
    /// </summary>
    public static class Visibility
    {
        public const string Public = "public";
        public const string Internal = "internal";

        private static readonly Regex TopLevel = new Regex(@"^public (?=(static |unsafe |readonly |partial )*(struct|class|enum|interface|record) )",
            RegexOptions.Multiline | RegexOptions.CultureInvariant);

        public static bool IsKnown(string visibility) => visibility == Public || visibility == Internal;

        public static string Apply(string text, string visibility)
        {
            if (visibility == Public) return text;
            if (visibility != Internal) throw new ArgumentException($"visibility '{visibility}' is not public or internal", nameof(visibility));
            return TopLevel.Replace(text, Internal + " ");
        }
    }
}
