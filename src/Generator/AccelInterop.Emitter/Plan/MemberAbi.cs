namespace AccelInterop.Emitter.Plan;

/// <summary>The ABI facts of one member, put on it as Runtime attributes (the analyzers read nothing else).</summary>
public sealed class MemberAbi
{
    public bool MustBeZero { get; set; }
    public bool UserPointer { get; set; }

    /// <summary>A user pointer's pointee (record or type name), or null.</summary>
    public string? PointsTo { get; set; }

    /// <summary>The member holding a user pointer's element count, or null.</summary>
    public string? CountMember { get; set; }

    /// <summary>The handle kind's name (<c>gem</c>, <c>xe.exec_queue</c>), or null.</summary>
    public string? HandleKind { get; set; }

    /// <summary>The file descriptor kind's name (<c>dmabuf</c>), or null.</summary>
    public string? FileDescriptorKind { get; set; }

    /// <summary>The generated <c>[Flags]</c> enum the member takes, or null.</summary>
    public string? FlagEnum { get; set; }

    /// <summary>The C type spelling C# cannot show (<c>__le32</c>), or null.</summary>
    public string? CType { get; set; }

    public MemberAbi Clone() => (MemberAbi)MemberwiseClone();
}
