using AccelInterop.Scanner.Clang.Native;

namespace AccelInterop.Scanner.Clang;

// Parsing: marshals the file name, arguments and unsaved files to native UTF-8 for the one
// clang_parseTranslationUnit2 call, and frees them right after.
public sealed partial class TranslationUnit
{
    /// <summary>
    /// Parses <paramref name="fileName"/> with clang command-line <paramref name="arguments"/>
    /// (e.g. "-target", triple, "-resource-dir", dir, "-I", dir). C errors do not throw: read
    /// <see cref="Diagnostics"/>.
    /// </summary>
    /// <exception cref="ClangParseException">libclang produced no translation unit (e.g. unreadable file).</exception>
    /// <exception cref="ObjectDisposedException">The index was disposed.</exception>
    public static unsafe TranslationUnit Parse(
        ClangIndex index,
        string fileName,
        IReadOnlyList<string> arguments,
        IReadOnlyList<UnsavedFile>? unsavedFiles = null,
        TranslationUnitOptions options = TranslationUnitOptions.None)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        ArgumentNullException.ThrowIfNull(arguments);
        unsavedFiles ??= [];

        using var arena = new Utf8Arena();
        byte** args = (byte**)arena.AddArray<nint>(arguments.Count);
        for (int i = 0; i < arguments.Count; i++)
        {
            args[i] = arena.Add(arguments[i] ?? throw new ArgumentException($"argument {i} is null", nameof(arguments)));
        }

        CXUnsavedFile* unsaved = arena.AddArray<CXUnsavedFile>(unsavedFiles.Count);
        for (int i = 0; i < unsavedFiles.Count; i++)
        {
            UnsavedFile file = unsavedFiles[i] ?? throw new ArgumentException($"unsaved file {i} is null", nameof(unsavedFiles));
            unsaved[i].Filename = arena.Add(file.FileName);
            unsaved[i].Contents = arena.Add(file.Contents, out int length);
            unsaved[i].Length = new System.Runtime.InteropServices.CULong((nuint)length);
        }

        // The unit takes a reference on the index so the index outlives it (see ClangIndexHandle).
        bool referenced = false;
        index.Handle.DangerousAddRef(ref referenced);
        try
        {
            nint unit = 0;
            CXErrorCode error = NativeMethods.clang_parseTranslationUnit2(
                index.Handle.DangerousGetHandle(),
                arena.Add(fileName),
                args,
                arguments.Count,
                unsaved,
                (uint)unsavedFiles.Count,
                (uint)options,
                &unit);
            if (error != CXErrorCode.Success || unit == 0)
            {
                if (unit != 0)
                {
                    NativeMethods.clang_disposeTranslationUnit(unit);
                }

                throw new ClangParseException(fileName, error == CXErrorCode.Success ? ParseErrorCode.Failure : (ParseErrorCode)error);
            }

            var handle = new TranslationUnitHandle(unit, index.Handle);
            referenced = false; // now owned by the handle
            try
            {
                return new TranslationUnit(handle, fileName, index.Installation.MajorVersion);
            }
            catch
            {
                handle.Dispose();
                throw;
            }
        }
        finally
        {
            if (referenced)
            {
                index.Handle.DangerousRelease();
            }
        }
    }
}
