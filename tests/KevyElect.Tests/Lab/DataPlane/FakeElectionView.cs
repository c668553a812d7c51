using Xunit;
using KevyElect.Lab;

namespace KevyElect.Tests.Lab.DataPlane;

/// <summary>An elector stand-in whose answers the test sets.</summary>
internal sealed class FakeElectionView : ILabElectionView
{
    private volatile bool _isElectedPrimary;
    private volatile bool _hasWriteQuorum = true;
    private volatile string? _knownPrimaryId;

    public FakeElectionView(string nodeId) => NodeId = nodeId;

    public string NodeId { get; }

    public bool IsElectedPrimary { get => _isElectedPrimary; set => _isElectedPrimary = value; }

    public bool HasWriteQuorum { get => _hasWriteQuorum; set => _hasWriteQuorum = value; }

    public string? KnownPrimaryId { get => _knownPrimaryId; set => _knownPrimaryId = value; }

    /// <summary>The elector names <paramref name="primaryId"/>; this node is primary when it is that id.</summary>
    public void Elect(string primaryId)
    {
        KnownPrimaryId = primaryId;
        IsElectedPrimary = primaryId == NodeId;
    }
}
