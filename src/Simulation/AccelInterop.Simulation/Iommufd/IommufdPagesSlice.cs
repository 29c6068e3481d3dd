using AccelInterop.Simulation.Kernel;

namespace AccelInterop.Simulation.Iommufd;

/// <summary>
/// A run of user pages an area maps (<c>struct iopt_pages_list</c> entry): <see cref="Length"/> bytes of
/// <see cref="Memory"/> from <see cref="UserAddress"/>, taken for writing or not. IOAS_MAP makes one;
/// IOAS_COPY takes one per source area and maps the same pages again.
/// </summary>
internal readonly record struct IommufdPagesSlice(UserMemory Memory, ulong UserAddress, ulong Length, bool Writable);
