using JinBao.Api.Auth;
using JinBao.Api.Errors;
using JinBao.Api.Hosting;
using JinBao.Api.Idempotency;
using JinBao.Api.Persons;
using JinBao.Drawing;
using JinBao.Errors;
using JinBao.Primitives;

using Microsoft.AspNetCore.Http.HttpResults;

namespace JinBao.Api.Drawing;

/// <summary>
/// Off-site pension drawing (异地领取养老金, spec §5): the retiree's payee record, verification and death events from the
/// data feeds, and the drawing province's adjustment rules, payment runs and recovery cases.
/// </summary>
/// <remarks>
/// Person routes are for the drawing city (the city that pays the pension): its city system, which is also the
/// credential the civil-affairs, public-security and health feeds act through, and its supervisors. Province routes are
/// for the callers of any city of the province; adjustment rules are policy and need a supervisor.
/// </remarks>
public static class DrawingApi
{
    public static RouteGroupBuilder MapDrawingApi(this RouteGroupBuilder api)
    {
        var persons = api.MapGroup("/persons").WithTags("Pension drawing");

        persons.MapGet("/{citizenId}/payee", GetPayeeAsync)
            .WithName("GetPayee")
            .WithSummary("The retiree's payee record: drawing place, residence, bank, verified until, death month")
            .WithDescription("Same scope as the person's record. 404 when the person is not retired.")
            .AllowCallers(CallerPolicies.AgenciesAndThePerson)
            .WithStandardProblems();

        persons.MapGet("/{citizenId}/pension-payments", GetPaymentsAsync)
            .WithName("GetPensionPayments")
            .WithSummary("The months the drawing province paid the retiree, latest first (back-pay marked by a later run month)")
            .WithDescription("Same scope as the person's record, the person included. limit 1–1000, default 120. 404 when the person is not retired.")
            .AllowCallers(CallerPolicies.AgenciesAndThePerson)
            .WithStandardProblems();

        persons.MapPost("/{citizenId}/residence", RegisterResidenceAsync)
            .WithName("RegisterResidence")
            .WithSummary("Register that the retiree lives elsewhere now, optionally with a new payee account (居住地变更)")
            .WithDescription("The drawing city's city system or supervisors. Payment follows the retiree to any province; the relationship stays at the drawing place.")
            .AllowCallers(CallerPolicies.CitySystemsAndSupervisors)
            .WithPostProblems();

        persons.MapPost("/{citizenId}/verifications", RecordVerificationAsync)
            .WithName("RecordVerification")
            .WithSummary("Record a successful entitlement verification (资格认证): face check, data comparison, home visit or the retiree's own attestation")
            .WithDescription("The drawing city's city system (the credential the face-check platform and data feeds use) or supervisors; or the retiree themselves in the portal, whose only method is online-attestation (dated today). Renews the 12-month validity; a suspended retiree is back-paid by the next run.")
            .AllowCallers(CallerPolicies.CitySystemsSupervisorsAndThePerson)
            .WithPostProblems();

        persons.MapPost("/{citizenId}/death", NotifyDeathAsync)
            .WithName("NotifyDeath")
            .WithSummary("Notify a death (civil affairs, public security, health or relatives): payment stops, a recovery case opens")
            .WithDescription("The drawing city's city system (the feeds' credential) or supervisors. Payment ends with the death month; months paid after it become a recovery case; funeral grant and survivor benefit are fixed. A second notification returns the same settlement.")
            .AllowCallers(CallerPolicies.CitySystemsAndSupervisors)
            .WithPostProblems();

        var payments = api.MapGroup("/pension-payments/{province}").WithTags("Pension drawing");

        payments.MapGet("/adjustment-rules", GetRulesAsync)
            .WithName("GetAdjustmentRules")
            .WithSummary("The adjustment rules that apply in the province, in the order they compound")
            .AllowCallers(CallerPolicies.Agencies)
            .WithStandardProblems();

        payments.MapPost("/adjustment-rules", AddRuleAsync)
            .WithName("AddAdjustmentRule")
            .WithSummary("Add an annual adjustment rule (养老金调整): one insert; every later payment reflects it")
            .WithDescription("Supervisors of a city of the province. Rules are never edited: a rule for the same month exists → 409.")
            .AllowCallers(CallerPolicies.Supervisors)
            .WithPostProblems();

        payments.MapPost("/runs", StartRunAsync)
            .WithName("StartPaymentRun")
            .WithSummary("Start (or resume) the monthly payment run; answers 202 with its progress")
            .WithDescription("City systems (a scheduler) and supervisors of a city of the province. Idempotent per month: a completed run is returned as it is, and nothing is paid or posted twice.")
            .AllowCallers(CallerPolicies.CitySystemsAndSupervisors)
            .WithPostProblems();

        payments.MapGet("/runs/{month}", GetRunAsync)
            .WithName("GetPaymentRun")
            .WithSummary("A payment run's progress: payees expected, suspended, chunks done, paid so far, total")
            .AllowCallers(CallerPolicies.Agencies)
            .WithStandardProblems();

        payments.MapGet("/runs/{month}/batches", GetBatchesAsync)
            .WithName("GetPaymentBatches")
            .WithSummary("A completed run's batches per bank, with the ledger movement of each")
            .AllowCallers(CallerPolicies.Agencies)
            .WithStandardProblems();

        payments.MapGet("/recovery-cases", GetRecoveryCasesAsync)
            .WithName("GetRecoveryCases")
            .WithSummary("Recovery cases opened by deaths (months paid after the death month), newest first")
            .AllowCallers(CallerPolicies.Agencies)
            .WithStandardProblems();

        return api;
    }

    public static async Task<Results<Ok<PayeeResponse>, ProblemHttpResult>> GetPayeeAsync(
        string citizenId, Caller caller, IClusterClient cluster, HttpContext http)
    {
        var id = CitizenId.Parse(citizenId);
        if (await cluster.LoadVisibleAsync(caller, id, http) is null)
        {
            return Problems.PersonNotFound();
        }

        return TypedResults.Ok((await cluster.GetPersonGrain(id).GetPayeeAsync()).ToResponse());
    }

    public static Task<Results<Ok<PayeeResponse>, ProblemHttpResult>> RegisterResidenceAsync(
        string citizenId, RegisterResidenceRequest request, Caller caller, IdempotencyKey key, IClusterClient cluster, HttpContext http) =>
        AtDrawingCityAsync(citizenId, caller, cluster, http, async grain => (await grain.RegisterResidenceAsync(new RegisterResidence(
            RegionCode.Parse(request.ResidenceRegion!), request.Bank, request.BankAccount, caller.Requester(key.Text)))).ToResponse());

    public static async Task<Results<Ok<PayeeResponse>, ProblemHttpResult>> RecordVerificationAsync(
        string citizenId, RecordVerificationRequest request, Caller caller, IdempotencyKey key, IClusterClient cluster, TimeProvider clock, HttpContext http)
    {
        // A retiree attests only for themselves, only online and only today: the other methods are the agency's evidence.
        if (caller.Kind == CallerKind.Person && await cluster.LoadVisibleAsync(caller, CitizenId.Parse(citizenId), http) is null)
        {
            return Problems.PersonNotFound();
        }

        if (caller.Kind == CallerKind.Person
            && (request.Method != VerificationMethod.OnlineAttestation || request.VerifiedOn != ChinaTime.DateOf(clock.GetUtcNow())))
        {
            return Problems.Forbidden("attestation-only", "A retiree records their own verification as online-attestation, dated today (China time); other methods are recorded by the drawing city.");
        }

        if (caller.Kind != CallerKind.Person && request.Method == VerificationMethod.OnlineAttestation)
        {
            return Problems.Forbidden("attestation-only", "online-attestation is the retiree's own, made in the portal; record the method the agency used.");
        }

        return await AtDrawingCityAsync(citizenId, caller, cluster, http, async grain => (await grain.RecordVerificationAsync(new RecordVerification(
            request.VerificationId!, request.Method!.Value, request.VerifiedOn!.Value, caller.Requester(key.Text)))).ToResponse());
    }

    public static async Task<Results<Ok<IReadOnlyList<PaymentLineResponse>>, ProblemHttpResult>> GetPaymentsAsync(
        string citizenId, Caller caller, IClusterClient cluster, HttpContext http, int? limit)
    {
        var id = CitizenId.Parse(citizenId);
        if (await cluster.LoadVisibleAsync(caller, id, http) is null)
        {
            return Problems.PersonNotFound();
        }

        var payee = await cluster.GetPersonGrain(id).GetPayeeAsync();
        var lines = await cluster.GetGrain<IPensionPaymentsGrain>(payee.DrawingProvince.Value).GetPaymentsAsync(id, limit ?? 120);
        return TypedResults.Ok<IReadOnlyList<PaymentLineResponse>>(lines.Select(line => line.ToResponse()).ToList());
    }

    public static Task<Results<Ok<DeathSettlementResponse>, ProblemHttpResult>> NotifyDeathAsync(
        string citizenId, NotifyDeathRequest request, Caller caller, IdempotencyKey key, IClusterClient cluster, HttpContext http) =>
        AtDrawingCityAsync(citizenId, caller, cluster, http, async grain => (await grain.NotifyDeathAsync(new NotifyDeath(
            request.Source!.Value, request.DiedOn!.Value, caller.Requester(key.Text)))).ToResponse());

    public static async Task<Results<Ok<IReadOnlyList<AdjustmentRuleResponse>>, ProblemHttpResult>> GetRulesAsync(
        string province, Caller caller, IClusterClient cluster)
    {
        if (OutsideProvince(caller, province) is { } forbidden)
        {
            return forbidden;
        }

        var rules = await cluster.GetPaymentsGrain(RegionCode.Parse(province)).GetAdjustmentRulesAsync();
        return TypedResults.Ok<IReadOnlyList<AdjustmentRuleResponse>>(rules.Select(r => r.ToResponse()).ToList());
    }

    public static async Task<Results<Created<AdjustmentRuleResponse>, ProblemHttpResult>> AddRuleAsync(
        string province, AdjustmentRuleRequest request, Caller caller, IdempotencyKey key, IClusterClient cluster)
    {
        if (OutsideProvince(caller, province) is { } forbidden)
        {
            return forbidden;
        }

        var rule = await cluster.GetPaymentsGrain(RegionCode.Parse(province)).AddAdjustmentRuleAsync(
            new AdjustmentRuleView(0, request.Scope!, YearMonth.Parse(request.EffectiveMonth!), request.Percent, new Money(request.FixedFen), request.Description ?? ""),
            caller.Requester(key.Text));
        return TypedResults.Created($"/api/v1/pension-payments/{province}/adjustment-rules", rule.ToResponse());
    }

    public static async Task<Results<Accepted<PaymentRunResponse>, ProblemHttpResult>> StartRunAsync(
        string province, StartPaymentRunRequest request, Caller caller, IdempotencyKey key, IClusterClient cluster)
    {
        if (OutsideProvince(caller, province) is { } forbidden)
        {
            return forbidden;
        }

        var month = YearMonth.Parse(request.Month!);
        var run = await cluster.GetPaymentsGrain(RegionCode.Parse(province)).StartRunAsync(month, caller.Requester(key.Text));
        return TypedResults.Accepted($"/api/v1/pension-payments/{province}/runs/{month}", run.ToResponse());
    }

    public static async Task<Results<Ok<PaymentRunResponse>, ProblemHttpResult>> GetRunAsync(
        string province, string month, Caller caller, IClusterClient cluster)
    {
        if (OutsideProvince(caller, province) is { } forbidden)
        {
            return forbidden;
        }

        return TypedResults.Ok((await cluster.GetPaymentsGrain(RegionCode.Parse(province)).GetRunAsync(YearMonth.Parse(month))).ToResponse());
    }

    public static async Task<Results<Ok<IReadOnlyList<PaymentBatchResponse>>, ProblemHttpResult>> GetBatchesAsync(
        string province, string month, Caller caller, IClusterClient cluster)
    {
        if (OutsideProvince(caller, province) is { } forbidden)
        {
            return forbidden;
        }

        var batches = await cluster.GetPaymentsGrain(RegionCode.Parse(province)).GetBatchesAsync(YearMonth.Parse(month));
        return TypedResults.Ok<IReadOnlyList<PaymentBatchResponse>>(batches.Select(b => b.ToResponse()).ToList());
    }

    public static async Task<Results<Ok<IReadOnlyList<RecoveryCaseResponse>>, ProblemHttpResult>> GetRecoveryCasesAsync(
        string province, Caller caller, IClusterClient cluster, int? limit)
    {
        if (OutsideProvince(caller, province) is { } forbidden)
        {
            return forbidden;
        }

        var cases = await cluster.GetPaymentsGrain(RegionCode.Parse(province)).GetRecoveryCasesAsync(Math.Clamp(limit ?? 100, 1, 1000));
        return TypedResults.Ok<IReadOnlyList<RecoveryCaseResponse>>(cases.Select(c => c.ToResponse()).ToList());
    }

    /// <summary>A change to a retiree comes from the drawing city, the one that pays: it holds the payee record.</summary>
    private static async Task<Results<Ok<T>, ProblemHttpResult>> AtDrawingCityAsync<T>(
        string citizenId, Caller caller, IClusterClient cluster, HttpContext http, Func<JinBao.Persons.IInsuredPersonGrain, Task<T>> change)
    {
        var id = CitizenId.Parse(citizenId);
        if (await cluster.LoadVisibleAsync(caller, id, http) is null)
        {
            return Problems.PersonNotFound();
        }

        var grain = cluster.GetPersonGrain(id);
        PayeeView payee;
        try
        {
            payee = await grain.GetPayeeAsync();
        }
        catch (JinBaoException exception) when (exception.Kind == ErrorKind.NotFound)
        {
            return Problems.Create(StatusCodes.Status409Conflict, "person-not-drawing", "A rule forbids this now", "The person is not drawing a pension: retire them first.");
        }

        if (payee.DrawingCity != caller.Region && caller.Kind != CallerKind.Person)
        {
            return Problems.Forbidden("not-drawing-city", $"The pension is paid by {payee.DrawingCity.Value}; its city system or supervisors report for this retiree, not {caller.Region.Value}.");
        }

        return TypedResults.Ok(await change(grain));
    }

    /// <summary>Province routes serve the callers of the province's own cities.</summary>
    private static ProblemHttpResult? OutsideProvince(Caller caller, string province) =>
        caller.Region.Province.Value == province
            ? null
            : Problems.Forbidden("region-forbidden", $"You act for {caller.Region.Value}; the payments of province {province} are not yours.");
}
