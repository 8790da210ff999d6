using JinBao.Clearing;
using JinBao.Errors;
using JinBao.Exchange;
using JinBao.Grains.Clearing;
using JinBao.Grains.Exchange;
using JinBao.Medical;
using JinBao.Persons;
using JinBao.Primitives;

using Orleans.Concurrency;

namespace JinBao.Grains.Medical;

/// <summary>
/// A province's view of the national medical clearing: read from the ledger where this cluster is the clearing
/// (standalone, national), asked of national over the exchange from a province cluster.
/// </summary>
[StatelessWorker]
[GrainType("medical-statements")]
public sealed class MedicalStatementsGrain(MedicalClearingLedger ledger, JinBaoCluster cluster, ExchangeRequestClient requests) : Grain, IMedicalStatementsGrain
{
    public const string UnavailableCode = "national-clearing-unavailable";

    private RegionCode Province => RegionCode.Parse(this.GetPrimaryKeyString());

    public async Task<IReadOnlyList<ClearingStatementView>> GetStatementsAsync(YearMonth period)
    {
        if (!cluster.IsProvince)
        {
            return await ledger.StatementsAsync(period, Province.Value);
        }

        EnsureServed();
        var answer = await requests.AskNationalAsync(DocumentTypes.MedicalStatementsRequest, "", new MedicalStatementsRequestPayload(period), DocumentTypes.MedicalStatements, UnavailableCode);
        return Statements(answer);
    }

    public async Task<ClearingStatementView> ConfirmAsync(YearMonth period, RegionCode careProvince, Requester request, string? note)
    {
        if (!cluster.IsProvince)
        {
            return await GrainFactory.GetGrain<IMedicalClearingGrain>(MedicalClearingGrain.KeyOf(Province, careProvince)).ConfirmAsync(period, request.Actor, note);
        }

        EnsureServed();
        var answer = await requests.AskNationalAsync(DocumentTypes.MedicalClearingConfirmation, "",
            new MedicalClearingConfirmationPayload(period, Province, careProvince.Province, request.Actor, note), DocumentTypes.MedicalStatements, UnavailableCode);
        return Statements(answer).SingleOrDefault()
            ?? throw new JinBaoException(ErrorKind.Unavailable, UnavailableCode, "The national clearing answered without the statement.");
    }

    private void EnsureServed()
    {
        if (!cluster.Serves(Province))
        {
            throw new JinBaoException(ErrorKind.NotFound, "clearing-province-not-served", $"{cluster} does not clear for {Province.Value}.");
        }
    }

    private static IReadOnlyList<ClearingStatementView> Statements(ExchangeDocument answer) =>
        answer.Sender == JinBaoCluster.NationalId
            ? ExchangeJson.Read<MedicalStatementsPayload>(answer).Statements
            : throw new JinBaoException(ErrorKind.Unavailable, UnavailableCode, "The statements were not signed by the national clearing.");
}
