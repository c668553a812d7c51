using Xunit;
using System.Text;
using KevyElect.Election;

namespace KevyElect.Tests.Election;

public sealed class ElectMetaFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("elect-meta-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string MetaPath => Path.Combine(_dir, "elect.meta");

    [Fact]
    public void Saves_exactly_two_lines_epoch_and_voted()
    {
        var file = new ElectMetaFile(_dir);
        file.Save(new ElectMeta(42, "replica-1"));
        Assert.Equal("epoch 42\nvoted replica-1\n", File.ReadAllText(MetaPath, Encoding.UTF8));
        file.Save(new ElectMeta(43, null));
        Assert.Equal("epoch 43\nvoted -\n", File.ReadAllText(MetaPath, Encoding.UTF8));
    }

    [Fact]
    public void Round_trips_through_a_new_instance()
    {
        new ElectMetaFile(_dir).Save(new ElectMeta(18446744073709551615, "n3"));
        Assert.Equal(new ElectMeta(18446744073709551615, "n3"), new ElectMetaFile(_dir).Load());
        new ElectMetaFile(_dir).Save(new ElectMeta(7, null));
        Assert.Equal(new ElectMeta(7, null), new ElectMetaFile(_dir).Load());
    }

    [Fact]
    public void A_missing_file_loads_as_nothing_saved() => Assert.Equal(ElectMeta.Empty, new ElectMetaFile(_dir).Load());

    [Fact]
    public void Replacing_leaves_no_temp_file_behind()
    {
        var file = new ElectMetaFile(_dir);
        for (ulong e = 1; e <= 3; e++) file.Save(new ElectMeta(e, "n" + e));
        Assert.Equal(new[] { "elect.meta" }, Directory.GetFiles(_dir).Select(Path.GetFileName));
        Assert.Equal(new ElectMeta(3, "n3"), file.Load());
    }

    [Theory]
    [InlineData("epoch 5\nvoted n1")]
    [InlineData("epoch 5\r\nvoted n1\r\n")]
    [InlineData("epoch 5\nvoted n1\n")]
    public void Parses_with_or_without_a_trailing_newline(string text) =>
        Assert.Equal(new ElectMeta(5, "n1"), ElectMetaFile.Parse(text));

    [Theory]
    [InlineData("", "expected 2 lines")]
    [InlineData("epoch 5\n", "expected 2 lines")]
    [InlineData("epoch 5\nvoted n1\nextra\n", "expected 2 lines")]
    [InlineData("epoch -5\nvoted n1\n", "not an unsigned 64-bit decimal")]
    [InlineData("epoch 18446744073709551616\nvoted n1\n", "not an unsigned 64-bit decimal")]
    [InlineData("epoch \nvoted n1\n", "not an unsigned 64-bit decimal")]
    [InlineData("term 5\nvoted n1\n", "line 1 must be")]
    [InlineData("epoch 5\nvote n1\n", "line 2 must be")]
    [InlineData("epoch 5\nvoted \n", "empty or has whitespace")]
    [InlineData("epoch 5\nvoted a b\n", "empty or has whitespace")]
    public void A_corrupt_file_is_a_clear_error_naming_the_file(string text, string why)
    {
        File.WriteAllText(MetaPath, text);
        var error = Assert.Throws<InvalidDataException>(() => new ElectMetaFile(_dir).Load());
        Assert.Contains(MetaPath, error.Message);
        Assert.Contains(why, error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("has space")]
    public void Ids_the_format_cannot_hold_are_refused(string id) =>
        Assert.Throws<ArgumentException>(() => new ElectMetaFile(_dir).Save(new ElectMeta(1, id)));

    [Fact]
    public void An_elector_resumes_from_the_file()
    {
        new ElectMetaFile(_dir).Save(new ElectMeta(9, "n2"));
        var elector = new Elector("n1", ["n1", "n2", "n3"], "h:1", ElectionTimings.Reference, new ElectMetaFile(_dir), _ => 0);
        Assert.Equal(9UL, elector.State.Epoch);
        Assert.Equal("n2", elector.State.VotedFor);
        Assert.Equal(9UL, elector.State.LastAcceptEpoch);
    }
}
