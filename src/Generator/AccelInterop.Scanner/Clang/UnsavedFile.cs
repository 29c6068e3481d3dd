namespace AccelInterop.Scanner.Clang;

/// <summary>
/// In-memory contents for a file name, used instead of the disk: e.g. a generated probe source
/// that includes the real header. The file need not exist on disk.
/// </summary>
public sealed record UnsavedFile(string FileName, string Contents);
