using AccelInterop.Simulation.Kernel;

namespace AccelInterop.Simulation.Tests.Kernel;

/// <summary>The reference count every kernel object shares (kref): one release, counted while live, reusable from a pool.</summary>
public sealed class KRefTests
{
    private static readonly ObjectKind Widgets = new("widgets");

    private sealed class Widget(ObjectCounter counter) : KRef<Widget>(counter)
    {
        public int Releases;

        protected override void Release() => Releases++;

        public void Reuse() => Revive();
    }

    [Fact]
    public void The_last_put_releases_once_and_the_count_follows()
    {
        var counts = new ObjectCounts();
        var widget = new Widget(counts.Counter(Widgets));
        Assert.Equal(1, counts[Widgets]);
        Assert.Same(widget, widget.Get());
        Assert.Equal(2, widget.ReferenceCount);

        widget.Put();
        Assert.Equal(0, widget.Releases);
        widget.Put();

        Assert.Equal(1, widget.Releases);
        Assert.True(widget.IsReleased);
        Assert.Equal(0, counts[Widgets]);
        Assert.True(counts.AllZero);
    }

    [Fact]
    public void A_released_object_refuses_references_until_revived()
    {
        var counts = new ObjectCounts();
        var widget = new Widget(counts.Counter(Widgets));
        widget.Put();

        Assert.False(widget.TryGet());
        Assert.Throws<InvalidOperationException>(() => widget.Get());
        Assert.Throws<InvalidOperationException>(widget.Put);

        widget.Reuse();
        Assert.Equal(1, widget.ReferenceCount);
        Assert.Equal(1, counts[Widgets]);
        Assert.Throws<InvalidOperationException>(widget.Reuse);
    }

    [Fact]
    public void Counts_report_every_declared_kind_and_all_zero_covers_them()
    {
        var counts = new ObjectCounts();
        var other = new ObjectKind("gadgets");
        counts.Counter(other);
        Assert.True(counts.AllZero);

        var widget = new Widget(counts.Counter(Widgets));
        Assert.False(counts.AllZero);
        Assert.Equal("gadgets 0, widgets 1", counts.ToString());
        Assert.Equal([other, Widgets], counts.All.Select(counter => counter.Kind));

        widget.Put();
        Assert.True(counts.AllZero);
    }
}
