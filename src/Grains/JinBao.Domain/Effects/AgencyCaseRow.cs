using JinBao.Primitives;

namespace JinBao.Effects;

/// <summary>A transfer's row in a city agency's queue (<c>jinbao_agency_cases</c>), as of the transfer's latest saved step.</summary>
public sealed record AgencyCaseRow(
    string City,
    Guid TransferId,
    string MaskedCitizenId,
    string Side,
    string Status,
    bool AwaitingThisCity,
    DateOnly? DueOn,
    bool Escalated,
    bool Open);
