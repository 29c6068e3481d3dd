using System;
using System.Text.RegularExpressions;

namespace AccelInterop.Emitter.Facts;

/// <summary>
/// Name-based guesses at ABI facts, for proposals only (<see cref="FactProposals"/>): uAPI headers
/// carry these facts in prose, and names (pad/reserved/mbz, *_ptr, *_handle, *_fd, vm_id) are
/// a reviewer's first hint, never a binding's fact.
/// </summary>
internal static class AbiHeuristics
{
    private static readonly Regex MustBeZero =
        new Regex(@"^_*(pad|padding|reserved|rsvd|resv|mbz)(_?\d+|_[a-z0-9_]*)?$|_(pad|mbz|reserved|rsvd)\d*$", RegexOptions.CultureInvariant);

    // Bare "addr"/"address" is left out on purpose: in GPU uAPIs it is mostly a device
    // virtual address (xe vm_bind addr), which the kernel never dereferences in the caller.
    private static readonly Regex UserPointer =
        new Regex(@"^(ptr|user_ptr|userptr|uptr|vaddr|uaddr|user_addr|user_data_ptr)$|_(ptr|ptrs|uptr|uaddr|user_ptr|userptr)$", RegexOptions.CultureInvariant);

    public static bool IsMustBeZero(string name) => MustBeZero.IsMatch(name);

    /// <summary>A 64-bit (or pointer) member whose name says it carries a user-space address.</summary>
    public static bool IsUserPointer(string name) => UserPointer.IsMatch(name);

    /// <summary>The proposed fact for a 32-bit member from its own and its record's names (<c>handle gem</c>, <c>fd</c>); null if none.</summary>
    public static string? HandleKind(string field, string record)
    {
        var f = field;
        if (f == "fd" || f.EndsWith("_fd", StringComparison.Ordinal) || f == "dmabuf_fd" || f == "prime_fd")
        {
            return "fd";
        }

        if (f.Contains("syncobj"))
        {
            return "handle syncobj";
        }

        if (f == "exec_queue_id" || f.EndsWith("exec_queue_id", StringComparison.Ordinal))
        {
            return "handle exec_queue";
        }

        if (f == "vm_id" || f.EndsWith("_vm_id", StringComparison.Ordinal))
        {
            return "handle vm";
        }

        if (f.Contains("hwctx") || f == "ctx_handle" && record.Contains("amdxdna"))
        {
            return "handle hwctx";
        }

        if (f == "session_id" || f.EndsWith("_session_id", StringComparison.Ordinal))
        {
            return "handle session";
        }

        if (f == "ctx_id" || f == "context_id" || f == "context" && record.StartsWith("drm_ctx", StringComparison.Ordinal))
        {
            return "handle context";
        }

        if (f == "handle" || f == "bo_handle" || f == "gem_handle" || f.EndsWith("_bo_handle", StringComparison.Ordinal)
            || f == "bo" && record.Contains("gem"))
        {
            if (record.Contains("syncobj"))
            {
                return "handle syncobj";
            }

            if (record.Contains("hwctx"))
            {
                return "handle hwctx";
            }

            return "handle gem";
        }
        return null;
    }
}
