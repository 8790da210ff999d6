using JinBao.Clearing;
using JinBao.Exchange;
using JinBao.Grains.Clearing;
using JinBao.Grains.Exchange;
using JinBao.Medical;
using JinBao.Persons;
using JinBao.Primitives;

namespace JinBao.Grains.Medical;

/// <summary>
/// How the place of care reaches the insuring place: a standalone cluster holds both (and plays the national clearing
/// itself); a province cluster asks through the national exchange, which routes by the national person index.
/// </summary>
public sealed class InsuringPlace(IGrainFactory grains, JinBaoCluster cluster, ExchangeRequestClient requests)
{
    public const string UnavailableCode = "insuring-place-unavailable";

    public async Task<SettlementView> SettleAsync(CitizenId patient, SettleBill bill)
    {
        if (cluster.IsStandalone)
        {
            return await RecordAsync(await grains.GetMedicalAccountGrain(patient).SettleAsync(bill));
        }

        var answer = await requests.AskNationalAsync(DocumentTypes.MedicalSettlementRequest, patient.Value,
            new MedicalSettlementRequestPayload(bill), DocumentTypes.MedicalSettlementResult, UnavailableCode);
        return Checked(answer, bill.SettlementId);
    }

    public async Task<SettlementView> ReverseAsync(CitizenId patient, SettlementId settlementId, RegionCode careCity, Requester request, string? reason)
    {
        if (cluster.IsStandalone)
        {
            return await RecordAsync(await grains.GetMedicalAccountGrain(patient).ReverseAsync(settlementId, careCity, request, reason));
        }

        var answer = await requests.AskNationalAsync(DocumentTypes.MedicalReversalRequest, patient.Value,
            new MedicalReversalRequestPayload(settlementId, careCity, request, reason), DocumentTypes.MedicalSettlementResult, UnavailableCode);
        return Checked(answer, settlementId);
    }

    private async Task<SettlementView> RecordAsync(SettlementView view)
    {
        await grains.GetGrain<IMedicalClearingGrain>(MedicalClearingGrain.KeyOf(view.InsuringCity, view.CareCity)).RecordAsync(view);
        return view;
    }

    private SettlementView Checked(ExchangeDocument answer, SettlementId settlementId)
    {
        var view = MedicalExchangeHandler.CheckAnswer(answer, answer.Sender, cluster.Id);
        return view.SettlementId == settlementId
            ? view
            : throw new Errors.JinBaoException(Errors.ErrorKind.Unavailable, UnavailableCode, $"The answer from {answer.Sender} is for another settlement.");
    }
}
