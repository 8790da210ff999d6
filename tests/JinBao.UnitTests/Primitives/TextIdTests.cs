using System.Text.Json;

using JinBao.Ledger;
using JinBao.Medical;
using JinBao.Primitives;

namespace JinBao.UnitTests.Primitives;

/// <summary>
/// Typed ids are plain text in JSON, as values and as dictionary keys: state stored while they were strings reads
/// back, and state written now reads in a version that still had strings.
/// </summary>
public sealed class TextIdTests
{
    [Fact]
    public void DictionaryKeys_KeepTheirStringShape()
    {
        // MedicalAccountState.Settlements is keyed by ids (and PersonState.Declarations was, in rows stored before issue 16).
        var declarations = new Dictionary<DeclarationId, YearMonth> { [new DeclarationId("decl-2026-03")] = new YearMonth(2026, 3) };

        var json = JsonSerializer.Serialize(declarations, JinBaoJson.Options);

        Assert.Equal("{\"decl-2026-03\":\"2026-03\"}", json);
        Assert.Equal(declarations, JsonSerializer.Deserialize<Dictionary<DeclarationId, YearMonth>>(json, JinBaoJson.Options));
    }

    [Fact]
    public void AValue_IsItsText_AndNullIsRefused()
    {
        var filing = new FilingView(new FilingId("bj-1"), FilingType.LongTerm, RegionCode.Parse("110100"), new DateOnly(2026, 1, 1), null, FilingStatus.Active);

        var json = JsonSerializer.Serialize(filing, JinBaoJson.Options);

        Assert.StartsWith("{\"filingId\":\"bj-1\",", json, StringComparison.Ordinal);
        Assert.Equal(filing, JsonSerializer.Deserialize<FilingView>(json, JinBaoJson.Options));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<FilingView>(json.Replace("\"bj-1\"", "null", StringComparison.Ordinal), JinBaoJson.Options));
    }

    [Fact]
    public void MovementIds_AreTheFormatsTheLedgerAlreadyHolds()
    {
        var person = CitizenId.Create("510104", new DateOnly(1985, 3, 1), 31);
        var transfer = new TransferId(Guid.Parse("6f1c2a8e-3b7d-4c55-9a10-2f9c8e4b7d61"));

        Assert.Equal($"contribution:{person.Value}:d-1", MovementId.Contribution(person, new DeclarationId("d-1")).Value);
        Assert.Equal("transfer:6f1c2a8e-3b7d-4c55-9a10-2f9c8e4b7d61:out", MovementId.TransferOut(transfer).Value);
        Assert.Equal("transfer:6f1c2a8e-3b7d-4c55-9a10-2f9c8e4b7d61:clearing", MovementId.FundsClearing(transfer).Value);
        Assert.Equal("medical:s-1:settle", MovementId.MedicalSettled(new SettlementId("s-1")).Value);
        Assert.Equal("medical-paid:s-1:reversed", MovementId.MedicalPaidReversed(new SettlementId("s-1")).Value);
        Assert.Equal("medical-clearing:2026-03:510000:440000", MovementId.MedicalClearing(new YearMonth(2026, 3), "510000", "440000").Value);
    }
}
