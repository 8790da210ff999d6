using JinBao.Api.Audit;
using JinBao.Api.Auth;
using JinBao.Api.Errors;
using JinBao.Api.Hosting;
using JinBao.Api.Idempotency;
using JinBao.Api.Persons;
using JinBao.Medical;
using JinBao.Primitives;

using Microsoft.AspNetCore.Http.HttpResults;

namespace JinBao.Api.Medical;

/// <summary>Route constraints shared by the medical routes and the request validation filter.</summary>
public static class MedicalRoutes
{
    public const string SettlementIdPattern = "^[A-Za-z0-9_-]{1,64}$";
    public const string SettlementIdError = "settlement-id-format: 1–64 letters, digits, '-' or '_'.";
}

/// <summary>Off-site medical settlement (异地就医直接结算): filing at the insuring place, settlement by the care place, clearing.</summary>
public static class MedicalApi
{
    public static RouteGroupBuilder MapMedicalApi(this RouteGroupBuilder api)
    {
        var persons = api.MapGroup("/persons/{citizenId}/medical").WithTags("Medical settlement");
        persons.MapGet("/", GetAccountAsync)
            .WithName("GetMedicalAccount")
            .WithSummary("The person's filings, yearly accumulators (deductible used, fund paid) and settlements")
            .WithDescription("The insuring place's record: city systems and clerks of the city insuring the person now. Care places see their own settlements only.")
            .AllowCallers(CallerPolicies.AgenciesAndThePerson)
            .WithStandardProblems();
        persons.MapPost("/filings", FileAsync)
            .WithName("FileForOffSiteCare")
            .WithSummary("File the person for off-site care (备案): long-term residence or a temporary trip")
            .WithDescription("The insuring city's system or clerks. The filing id is derived from the Idempotency-Key. A temporary filing is valid for at least six months; emergencies need none (deemed filed).")
            .AllowCallers(CallerPolicies.AgenciesAndThePerson)
            .WithPostProblems();
        persons.MapPost("/filings/{filingId}/change", ChangeFilingAsync)
            .WithName("ChangeFiling")
            .WithSummary("Change a filing (another care city, another kind of stay): the replacement takes over")
            .WithDescription("Same callers as filing. The replacement's id is derived from the Idempotency-Key; the old filing's status becomes changed.")
            .AllowCallers(CallerPolicies.AgenciesAndThePerson)
            .WithPostProblems();
        persons.MapPost("/filings/{filingId}/cancel", CancelFilingAsync)
            .WithName("CancelFiling")
            .WithSummary("Cancel a filing")
            .AllowCallers(CallerPolicies.AgenciesAndThePerson)
            .WithPostProblems();

        var settlements = api.MapGroup("/medical/settlements").WithTags("Medical settlement");
        settlements.MapPost("/", SettleAsync)
            .WithName("SettleBill")
            .WithSummary("Settle a hospital bill directly: the care place's catalogue, the insuring place's policy, the patient pays only their part")
            .WithDescription("The care city's system, for its hospitals; the caller's city is the place of care. Answered synchronously, also across provinces (through the national exchange). Repeating a settlement id returns the same result; the same id for another bill is 409 settlement-id-reused. Not filed and not an emergency: 409 medical-not-filed (the patient pays and claims manually).")
            .AllowCallers(CallerPolicies.CitySystems)
            .WithPostProblems();
        settlements.MapGet("/{settlementId}", GetSettlementAsync)
            .WithName("GetSettlement")
            .WithSummary("A settlement as the care place holds it")
            .WithDescription("The care city's system that settled it; anyone else gets 404.")
            .AllowCallers(CallerPolicies.CitySystems)
            .WithStandardProblems();
        settlements.MapPost("/{settlementId}/reversal", ReverseAsync)
            .WithName("ReverseSettlement")
            .WithSummary("Reverse a settlement (冲正): the accumulators and the fund's payment return")
            .AllowCallers(CallerPolicies.CitySystems)
            .WithPostProblems();

        var statements = api.MapGroup("/medical/clearing-statements").WithTags("Medical clearing");
        statements.MapGet("/", GetStatementsAsync)
            .WithName("GetClearingStatements")
            .WithSummary("The month's inter-province clearing statements of the caller's province (as insuring or care province)")
            .WithDescription("Supervisors and city systems. ?period=yyyy-MM (default: this month, provisional until it ends). Includes each pair's advance and what is left of it.")
            .AllowCallers(CallerPolicies.CitySystemsAndSupervisors)
            .WithStandardProblems();
        statements.MapPost("/{period}/{careProvince}/confirm", ConfirmStatementAsync)
            .WithName("ConfirmClearingStatement")
            .WithSummary("Confirm a finished month's statement towards a care province: its net is cleared and the advance restored")
            .WithDescription("A supervisor of the insuring province. 409 clearing-period-open until the month is over. Once; repeating returns the confirmed statement.")
            .AllowCallers(CallerPolicies.Supervisors)
            .WithPostProblems();
        return api;
    }

    public static async Task<Results<Ok<MedicalAccountResponse>, ProblemHttpResult>> GetAccountAsync(
        string citizenId, Caller caller, IClusterClient cluster, HttpContext http)
    {
        var id = CitizenId.Parse(citizenId);
        if (await cluster.InsuringCityOnlyAsync(caller, id, http, "The medical account is read") is { } refused)
        {
            return refused;
        }

        return TypedResults.Ok((await cluster.GetMedicalAccountGrain(id).GetAsync()).ToResponse(id));
    }

    public static async Task<Results<Created<FilingResponse>, ProblemHttpResult>> FileAsync(
        string citizenId, FileForCareRequest request, Caller caller, IdempotencyKey key, IClusterClient cluster, HttpContext http)
    {
        var id = CitizenId.Parse(citizenId);
        if (await cluster.InsuringCityOnlyAsync(caller, id, http, "A filing is made") is { } refused)
        {
            return refused;
        }

        var filing = await cluster.GetMedicalAccountGrain(id).FileAsync(request.ToCommand(key.FilingIdFor(caller), caller.Requester(key.Text)));
        return TypedResults.Created($"/api/v1/persons/{citizenId}/medical", filing.ToResponse());
    }

    public static async Task<Results<Created<FilingResponse>, ProblemHttpResult>> ChangeFilingAsync(
        string citizenId, string filingId, FileForCareRequest request, Caller caller, IdempotencyKey key, IClusterClient cluster, HttpContext http)
    {
        var id = CitizenId.Parse(citizenId);
        if (await cluster.InsuringCityOnlyAsync(caller, id, http, "A filing is changed") is { } refused)
        {
            return refused;
        }

        var filing = await cluster.GetMedicalAccountGrain(id).ChangeFilingAsync(new FilingId(filingId), request.ToCommand(key.FilingIdFor(caller), caller.Requester(key.Text)));
        return TypedResults.Created($"/api/v1/persons/{citizenId}/medical", filing.ToResponse());
    }

    public static async Task<Results<Ok<FilingResponse>, ProblemHttpResult>> CancelFilingAsync(
        string citizenId, string filingId, MedicalNoteRequest? request, Caller caller, IdempotencyKey key, IClusterClient cluster, HttpContext http)
    {
        var id = CitizenId.Parse(citizenId);
        if (await cluster.InsuringCityOnlyAsync(caller, id, http, "A filing is cancelled") is { } refused)
        {
            return refused;
        }

        return TypedResults.Ok((await cluster.GetMedicalAccountGrain(id).CancelFilingAsync(new FilingId(filingId), caller.Requester(key.Text), request?.Reason)).ToResponse());
    }

    public static async Task<Results<Ok<SettlementResponse>, ProblemHttpResult>> SettleAsync(
        SettleBillRequest request, Caller caller, IdempotencyKey key, IClusterClient cluster, HttpContext http)
    {
        var patient = CitizenId.Parse(request.CitizenId!);
        http.AuditSubject().CitizenId = patient;
        var bill = new SettleBill(new SettlementId(request.SettlementId!), caller.Region, request.AdmittedOn!.Value, request.Emergency, request.Lines!.ToFeeLines(), caller.Requester(key.Text));
        var settled = await cluster.GetMedicalSettlementGrain(bill.SettlementId).SettleAsync(new SettleForPatient(patient, bill));
        return TypedResults.Ok(settled.ToResponse());
    }

    public static async Task<Results<Ok<SettlementResponse>, ProblemHttpResult>> GetSettlementAsync(
        string settlementId, Caller caller, IClusterClient cluster, HttpContext http)
    {
        var settled = await LoadOwnAsync(settlementId, caller, cluster, http);
        return settled is null ? SettlementNotFound() : TypedResults.Ok(settled.ToResponse());
    }

    public static async Task<Results<Ok<SettlementResponse>, ProblemHttpResult>> ReverseAsync(
        string settlementId, MedicalNoteRequest? request, Caller caller, IdempotencyKey key, IClusterClient cluster, HttpContext http)
    {
        if (await LoadOwnAsync(settlementId, caller, cluster, http) is null)
        {
            return SettlementNotFound();
        }

        return TypedResults.Ok((await cluster.GetMedicalSettlementGrain(new SettlementId(settlementId)).ReverseAsync(caller.Requester(key.Text), request?.Reason)).ToResponse());
    }

    public static async Task<Results<Ok<IReadOnlyList<ClearingStatementResponse>>, ProblemHttpResult>> GetStatementsAsync(
        string? period, Caller caller, IClusterClient cluster, TimeProvider clock)
    {
        if (period is not null && !YearMonth.TryParse(period, out _))
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "period-format", "The request is invalid", "period is a month written yyyy-MM.");
        }

        var month = period is null ? YearMonth.Of(clock.Today()) : YearMonth.Parse(period);
        var statements = await cluster.GetMedicalStatementsGrain(caller.Region).GetStatementsAsync(month);
        return TypedResults.Ok<IReadOnlyList<ClearingStatementResponse>>(statements.Select(s => s.ToResponse()).ToList());
    }

    public static async Task<Results<Ok<ClearingStatementResponse>, ProblemHttpResult>> ConfirmStatementAsync(
        string period, string careProvince, MedicalNoteRequest? request, Caller caller, IdempotencyKey key, IClusterClient cluster)
    {
        var statement = await cluster.GetMedicalStatementsGrain(caller.Region)
            .ConfirmAsync(YearMonth.Parse(period), RegionCode.Parse(careProvince), caller.Requester(key.Text), request?.Reason);
        return TypedResults.Ok(statement.ToResponse());
    }

    /// <summary>The settlement when the caller's city settled it; null otherwise, so another city cannot tell it exists.</summary>
    private static async Task<CareSettlementView?> LoadOwnAsync(string settlementId, Caller caller, IClusterClient cluster, HttpContext http)
    {
        var settled = await cluster.GetMedicalSettlementGrain(new SettlementId(settlementId)).GetAsync();
        if (settled is null || settled.Settlement.CareCity != caller.Region)
        {
            return null;
        }

        http.AuditSubject().CitizenId = settled.Patient;
        return settled;
    }

    private static ProblemHttpResult SettlementNotFound() =>
        Problems.Create(StatusCodes.Status404NotFound, "settlement-not-found", "Not found", "No settlement with this id was made by your city.");
}
