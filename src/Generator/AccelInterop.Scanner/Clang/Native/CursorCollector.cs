using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AccelInterop.Scanner.Clang.Native;

/// <summary>
/// Collects the cursors libclang hands to a visitor callback into a list. The callbacks are
/// static <see cref="UnmanagedCallersOnlyAttribute"/> functions (no delegate to keep alive);
/// the list travels as GCHandle client data. No user code runs inside the callback, and an
/// exception (only possible as out-of-memory) stops the visit and is rethrown after it, since
/// an exception must never unwind through libclang's frames.
/// </summary>
internal sealed unsafe class CursorCollector
{
    private readonly List<CXCursor> _cursors = [];
    private Exception? _failure;

    /// <summary>The direct children of <paramref name="parent"/> (clang_visitChildren, CXChildVisit_Continue).</summary>
    public static List<CXCursor> Children(CXCursor parent)
    {
        var collector = new CursorCollector();
        var handle = new GCHandle<CursorCollector>(collector);
        try
        {
            NativeMethods.clang_visitChildren(parent, &OnChild, GCHandle<CursorCollector>.ToIntPtr(handle));
        }
        finally
        {
            handle.Dispose();
        }

        return collector.Result();
    }

    /// <summary>The fields of record type <paramref name="record"/> (clang_Type_visitFields), implicit ones included.</summary>
    public static List<CXCursor> Fields(CXType record)
    {
        var collector = new CursorCollector();
        var handle = new GCHandle<CursorCollector>(collector);
        try
        {
            NativeMethods.clang_Type_visitFields(record, &OnField, GCHandle<CursorCollector>.ToIntPtr(handle));
        }
        finally
        {
            handle.Dispose();
        }

        return collector.Result();
    }

    private List<CXCursor> Result()
    {
        if (_failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(_failure);
        }

        return _cursors;
    }

    private bool TryAdd(CXCursor cursor)
    {
        try
        {
            _cursors.Add(cursor);
            return true;
        }
        catch (Exception ex)
        {
            _failure = ex;
            return false;
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static CXChildVisitResult OnChild(CXCursor cursor, CXCursor parent, nint clientData) =>
        GCHandle<CursorCollector>.FromIntPtr(clientData).Target.TryAdd(cursor)
            ? CXChildVisitResult.Continue
            : CXChildVisitResult.Break;

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static CXVisitorResult OnField(CXCursor cursor, nint clientData) =>
        GCHandle<CursorCollector>.FromIntPtr(clientData).Target.TryAdd(cursor)
            ? CXVisitorResult.Continue
            : CXVisitorResult.Break;
}
