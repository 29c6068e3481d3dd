namespace AccelInterop.Model.Annotations;

/// <summary>One reviewed fact about one member of a named record.</summary>
public sealed class MemberFact
{
    public MemberFact(string record, string member, AbiFactKind kind, int line)
    {
        Record = record;
        Member = member;
        Kind = kind;
        Line = line;
    }

    /// <summary>The named record the member is reached from (members of anonymous records belong to it).</summary>
    public string Record { get; }
    public string Member { get; }
    public AbiFactKind Kind { get; }

    /// <summary>The facts file's line, for messages.</summary>
    public int Line { get; }

    /// <summary>Pointers: the record or type pointed to, or null when the annotation leaves it open.</summary>
    public string? To { get; internal set; }

    /// <summary>Pointers: the member of the same record holding the element count, or null.</summary>
    public string? Count { get; internal set; }

    /// <summary>Handles and file descriptors: the kind's name, an open set named per driver (<c>gem</c>, <c>xe.exec_queue</c>).</summary>
    public string? Of { get; internal set; }

    /// <summary>Flags: the constants' shared prefix without its trailing '_' (<c>DRM_XE_GEM_CREATE_FLAG</c>).</summary>
    public string? Family { get; internal set; }

    /// <summary>The reviewer's reason, usually the kernel function that shows the fact.</summary>
    public string? Why { get; internal set; }

    /// <summary>True for the kinds the kernel dereferences in the caller's address space.</summary>
    public bool IsUserPointer => Kind == AbiFactKind.Pointer || Kind == AbiFactKind.Extensions;
}
