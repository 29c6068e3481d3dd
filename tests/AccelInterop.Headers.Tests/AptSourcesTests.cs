using AccelInterop.Headers;

namespace AccelInterop.Headers.Tests;

public class AptSourcesTests
{
    private const string DebianSources = """
        Types: deb
        # http://snapshot.example/archive/debian/20250520T000000Z
        URIs: http://deb.example/debian
        Suites: bookworm bookworm-updates
        Components: main
        Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

        Types: deb
        # http://snapshot.example/archive/debian-security/20250520T000000Z
        URIs: http://deb.example/debian-security
        Suites: bookworm-security
        Components: main
        Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
        """;

    [Fact]
    public void Deb822_stanzas_are_parsed()
    {
        var sources = AptSourcesParser.ParseDeb822(DebianSources, "debian.sources");
        Assert.Equal(2, sources.Count);
        Assert.Equal(("deb", "http://deb.example/debian", "debian.sources"), (sources[0].Type, sources[0].Uri, sources[0].File));
        Assert.Equal(["main"], sources[0].Components);
        Assert.Equal(["bookworm", "bookworm-updates"], sources[0].Suites);
        Assert.Equal("http://deb.example/debian-security", sources[1].Uri);
    }

    [Fact]
    public void Deb822_handles_several_values_continuations_and_disabled_stanzas()
    {
        const string text = """
            Types: deb deb-src
            URIs: https://mirror.example/debian/
              http://other.example/debian
            Suites: trixie
            Components: main
             contrib

            Enabled: no
            Types: deb
            URIs: http://disabled.example/debian
            Suites: sid
            Components: main
            """;
        var sources = AptSourcesParser.ParseDeb822(text, "x.sources");
        Assert.Equal(4, sources.Count);
        Assert.Equal(["deb", "deb", "deb-src", "deb-src"], sources.Select(s => s.Type));
        Assert.Equal("https://mirror.example/debian", sources[0].Uri);
        Assert.Equal("http://other.example/debian", sources[1].Uri);
        Assert.Equal(["main", "contrib"], sources[0].Components);
        Assert.DoesNotContain(sources, s => s.Uri.Contains("disabled"));
    }

    [Fact]
    public void One_line_entries_are_parsed_with_options_and_comments()
    {
        const string text = """
            # deb http://commented.example/debian bookworm main
            deb [arch=amd64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.example/debian bookworm main contrib # trailing
            deb-src http://deb.example/debian bookworm main
            deb [ trusted=yes ] http://ftp.example/debian/ sid main

            garbage line
            """;
        var sources = AptSourcesParser.ParseOneLine(text, "sources.list");
        Assert.Equal(3, sources.Count);
        Assert.Equal("deb", sources[0].Type);
        Assert.Equal("http://deb.example/debian", sources[0].Uri);
        Assert.Equal(["bookworm"], sources[0].Suites);
        Assert.Equal(["main", "contrib"], sources[0].Components);
        Assert.Equal("deb-src", sources[1].Type);
        Assert.Equal("http://ftp.example/debian", sources[2].Uri);
        Assert.Equal(["sid"], sources[2].Suites);
    }

    [Theory]
    [InlineData("bookworm", true)]
    [InlineData("bookworm-updates", true)]
    [InlineData("sid", true)]
    [InlineData("stable", true)]
    [InlineData("trixie-backports", true)]
    [InlineData("jammy", false)]
    [InlineData("noble-updates", false)]
    [InlineData("./", false)]
    public void Debian_releases_are_recognized(string suite, bool expected) =>
        Assert.Equal(expected, DebianMirror.IsDebianRelease(suite));

    [Fact]
    public void The_security_archive_and_foreign_releases_are_skipped()
    {
        var sources = AptSourcesParser.ParseOneLine("""
            deb http://security.example/debian-security bookworm-security main
            deb http://ubuntu.example/ubuntu jammy main
            deb-src http://src.example/debian bookworm main
            deb cdrom:[Debian]/ bookworm main
            deb http://mirror.example/debian bookworm main
            deb http://later.example/debian sid main
            """, "sources.list");
        Assert.Equal("http://mirror.example/debian", DebianMirror.Choose(sources));
        Assert.Equal("http://deb.example/debian",
            DebianMirror.Choose(AptSourcesParser.ParseDeb822(DebianSources, "debian.sources")));
    }

    [Fact]
    public void Find_reads_sources_list_before_the_parts_dir()
    {
        using var etc = new TempDir();
        Directory.CreateDirectory(Path.Combine(etc.Path, "sources.list.d"));
        File.WriteAllText(Path.Combine(etc.Path, "sources.list"), "deb http://security.example/debian-security bookworm-security main\n");
        File.WriteAllText(Path.Combine(etc.Path, "sources.list.d", "debian.sources"), DebianSources);
        File.WriteAllText(Path.Combine(etc.Path, "sources.list.d", "zz.list"), "deb http://zz.example/debian sid main\n");
        Assert.Equal("http://deb.example/debian", DebianMirror.Find(etc.Path));

        File.WriteAllText(Path.Combine(etc.Path, "sources.list"), "deb http://first.example/debian trixie main\n");
        Assert.Equal("http://first.example/debian", DebianMirror.Find(etc.Path));
    }

    [Fact]
    public void Find_without_a_debian_source_names_the_files_it_read()
    {
        using var etc = new TempDir();
        Directory.CreateDirectory(Path.Combine(etc.Path, "sources.list.d"));
        var ubuntu = Path.Combine(etc.Path, "sources.list.d", "ubuntu.sources");
        File.WriteAllText(ubuntu, "Types: deb\nURIs: http://ubuntu.example/ubuntu\nSuites: noble\nComponents: main\n");
        var error = Assert.Throws<HeaderSyncException>(() => DebianMirror.Find(etc.Path));
        Assert.Contains(ubuntu, error.Message);
        Assert.DoesNotContain('\n', error.Message);

        using var empty = new TempDir();
        Assert.Contains("no source files under", Assert.Throws<HeaderSyncException>(() => DebianMirror.Find(empty.Path)).Message);
    }
}
