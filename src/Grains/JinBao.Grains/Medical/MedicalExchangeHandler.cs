using JinBao.Clearing;
using JinBao.Errors;
using JinBao.Exchange;
using JinBao.Grains.Clearing;
using JinBao.Grains.Exchange;
using JinBao.Grains.Index;
using JinBao.Index;
using JinBao.Medical;
using JinBao.Persons;
using JinBao.Primitives;

namespace JinBao.Grains.Medical;

/// <summary>
/// Answers the medical requests of the exchange (spec §4.5). National routes a care province's settlement or reversal
/// to the province that insures the person (the national person index knows which), posts the answer to the
/// national clearing, and serves statements; the insuring province decides with the person's medical account.
/// </summary>
public sealed class MedicalExchangeHandler(
    IGrainFactory grains,
    JinBaoCluster cluster,
    ExchangeKeyRing keys,
    ExchangeRequestClient requests,
    MedicalClearingLedger ledger,
    TimeProvider clock) : IExchangeRequestHandler
{
    public IReadOnlySet<string> RequestTypes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        DocumentTypes.MedicalSettlementRequest, DocumentTypes.MedicalReversalRequest, DocumentTypes.MedicalStatementsRequest, DocumentTypes.MedicalClearingConfirmation,
    };

    public async Task<(ExchangeReceipt Receipt, ExchangeDocument? Answer)> HandleAsync(ExchangeDocument request)
    {
        try
        {
            var answer = request.Type switch
            {
                DocumentTypes.MedicalSettlementRequest or DocumentTypes.MedicalReversalRequest when cluster.IsNational => await RouteAsync(request),
                DocumentTypes.MedicalSettlementRequest or DocumentTypes.MedicalReversalRequest when cluster.IsProvince => await DecideAsync(request),
                DocumentTypes.MedicalStatementsRequest when cluster.IsNational => await StatementsAsync(request),
                DocumentTypes.MedicalClearingConfirmation when cluster.IsNational => await ConfirmAsync(request),
                _ => ExchangeAnswer.Refused(new ExchangeReceipt(422, "document-misrouted", $"{cluster} does not answer {request.Type}.")),
            };
            return (answer.Receipt, answer.Document);
        }
        catch (JinBaoException exception)
        {
            return (ExchangeReceipt.RefusedBy(exception), null);
        }
    }

    /// <summary>National: to the insuring province, and its answer onto the national clearing before it goes back.</summary>
    private async Task<ExchangeAnswer> RouteAsync(ExchangeDocument request)
    {
        var care = CareCityOf(request);
        var index = await grains.GetGrain<IPersonIndexGrain>(request.CitizenId).GetAsync();
        var insuring = index.ActiveProvince ?? throw new JinBaoException(ErrorKind.NotFound, "person-not-insured",
            "No province insures this person now (national person index): the patient pays in full and claims manually (手工报销) where they are insured.");
        if (insuring == care.Province)
        {
            throw MedicalAccount.LocalCare(care);
        }

        var target = JinBaoCluster.IdOf(insuring);
        var answer = await requests.ForwardAsync(request, target, InsuringPlace.UnavailableCode);
        if (answer.Document is not { } document)
        {
            return answer;
        }

        var view = CheckAnswer(document, target, request.Sender);
        await grains.GetGrain<IMedicalClearingGrain>(MedicalClearingGrain.KeyOf(view.InsuringCity, view.CareCity)).RecordAsync(view);
        return answer;
    }

    /// <summary>The insuring province: the person's medical account decides, one settlement at a time.</summary>
    private async Task<ExchangeAnswer> DecideAsync(ExchangeDocument request)
    {
        var care = CareCityOf(request);
        var account = grains.GetMedicalAccountGrain(CitizenId.Parse(request.CitizenId));
        SettlementView view;
        if (request.Type == DocumentTypes.MedicalSettlementRequest)
        {
            var bill = ExchangeJson.Read<MedicalSettlementRequestPayload>(request).Bill;
            view = await account.SettleAsync(bill with { Request = Via(request, bill.Request) });
        }
        else
        {
            var reversal = ExchangeJson.Read<MedicalReversalRequestPayload>(request);
            view = await account.ReverseAsync(reversal.SettlementId, care, Via(request, reversal.Request), reversal.Reason);
        }

        return Answer(request, DocumentTypes.MedicalSettlementResult, request.CitizenId, view);
    }

    private async Task<ExchangeAnswer> StatementsAsync(ExchangeDocument request)
    {
        var period = ExchangeJson.Read<MedicalStatementsRequestPayload>(request).Period;
        JinBaoCluster.TryParse(request.Sender, out var sender);
        var statements = sender.Province is { } province ? await ledger.StatementsAsync(period, province.Value) : [];
        return Answer(request, DocumentTypes.MedicalStatements, "", new MedicalStatementsPayload(statements));
    }

    private async Task<ExchangeAnswer> ConfirmAsync(ExchangeDocument request)
    {
        var confirmation = ExchangeJson.Read<MedicalClearingConfirmationPayload>(request);
        if (request.Sender != JinBaoCluster.IdOf(confirmation.InsuringProvince))
        {
            return ExchangeAnswer.Refused(new ExchangeReceipt(403, "document-sender-not-allowed", $"Only {JinBaoCluster.IdOf(confirmation.InsuringProvince)} confirms its own statements."));
        }

        var statement = await grains.GetGrain<IMedicalClearingGrain>(MedicalClearingGrain.KeyOf(confirmation.InsuringProvince, confirmation.CareProvince))
            .ConfirmAsync(confirmation.Period, $"exchange:{request.Sender}/{confirmation.Actor}", confirmation.Note);
        return Answer(request, DocumentTypes.MedicalStatements, "", new MedicalStatementsPayload([statement]));
    }

    /// <summary>The care city of a settlement or reversal; a province may ask only for its own cities' hospitals.</summary>
    private static RegionCode CareCityOf(ExchangeDocument request)
    {
        var care = request.Type == DocumentTypes.MedicalSettlementRequest
            ? ExchangeJson.Read<MedicalSettlementRequestPayload>(request).Bill.CareCity
            : ExchangeJson.Read<MedicalReversalRequestPayload>(request).CareCity;
        return request.Sender == JinBaoCluster.IdOf(care)
            ? care
            : throw new JinBaoException(ErrorKind.InvalidInput, "document-sender-not-allowed", $"{request.Sender} cannot settle for hospitals in {care.Value}.");
    }

    /// <summary>Checks the insuring province's answer before national posts it or passes it on.</summary>
    public static SettlementView CheckAnswer(ExchangeDocument answer, string insuringCluster, string careCluster)
    {
        var view = ExchangeJson.Read<SettlementView>(answer);
        return answer.Sender == insuringCluster && answer.Receiver == careCluster && JinBaoCluster.IdOf(view.InsuringCity) == insuringCluster
            && JinBaoCluster.IdOf(view.CareCity) == careCluster
            ? view
            : throw new JinBaoException(ErrorKind.Unavailable, "exchange-answer-invalid", $"The answer from {answer.Sender} does not match the request.");
    }

    private ExchangeAnswer Answer(ExchangeDocument request, string type, string citizenId, object payload) =>
        new(200, "answered", "", keys.Sign(ExchangeJson.Create(DocumentId.New(), type, request.Sender, citizenId, null, payload, clock.GetUtcNow())));

    private static Requester Via(ExchangeDocument request, Requester requester) => requester with { Actor = $"exchange:{request.Sender}/{requester.Actor}" };
}
