using JinBao.Effects;
using JinBao.Exchange;
using JinBao.Primitives;

namespace JinBao.Index;

/// <summary>Stored as JSON in the grain storage row named <c>person-index</c> (national database).</summary>
public sealed class PersonIndexState : IHoldEffects
{
    public RegionCode? ActiveProvince { get; set; }

    /// <summary>The person's change number in the active province when it claimed (see <see cref="ActiveClaim.Sequence"/>).</summary>
    public long ActiveSequence { get; set; }

    public RegionCode? LastActiveProvince { get; set; }

    public RegionCode? CustodyProvince { get; set; }

    /// <summary>Transfers whose custody move was applied, in order (each once).</summary>
    public List<string> CustodyTransfers { get; set; } = [];

    /// <summary>Ids of the documents applied here: a redelivered document changes nothing.</summary>
    public HashSet<DocumentId> ProcessedDocuments { get; set; } = [];

    public long EventSequence { get; set; }

    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public PendingEffects Pending { get; set; } = new();
}
