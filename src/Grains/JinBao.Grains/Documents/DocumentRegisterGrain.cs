using JinBao.Documents;
using JinBao.Errors;
using JinBao.Exchange;
using JinBao.Grains.Exchange;

using Orleans.Concurrency;

namespace JinBao.Grains.Documents;

/// <summary>
/// Checks a printed document: from this province's register when one of its cities printed it, else by asking the
/// printing province through national (<see cref="DocumentTypes.DocumentCheckRequest"/>), whose signed answer is
/// checked before it is believed.
/// </summary>
[StatelessWorker]
[GrainType("document-register")]
public sealed class DocumentRegisterGrain(DocumentRegister register, JinBaoCluster cluster, ExchangeRequestClient requests) : Grain, IDocumentRegisterGrain
{
    public const string CheckUnavailableCode = "document-check-unavailable";

    public async Task<CheckedDocument> CheckAsync(string documentNumber, string code, DocumentChecker checker)
    {
        if (!DocumentRegister.TryIssuingCity(documentNumber, out var city))
        {
            throw DocumentRegister.NotFound();
        }

        if (cluster.Serves(city) || !cluster.IsProvince)
        {
            return await register.FindAsync(documentNumber, code);
        }

        var answer = await requests.AskNationalAsync(DocumentTypes.DocumentCheckRequest, "", new DocumentCheckRequestPayload(documentNumber, code, checker),
            DocumentTypes.DocumentCheckAnswer, CheckUnavailableCode);
        return DocumentCheckHandler.CheckAnswer(answer, JinBaoCluster.IdOf(city), cluster.Id, documentNumber);
    }
}
