using JinBao.Documents;

namespace JinBao.Grains.Documents;

/// <summary>A province asks, through national, the province that printed a document what it recorded for it.</summary>
public sealed record DocumentCheckRequestPayload(string DocumentNumber, string Code, DocumentChecker Checker);
