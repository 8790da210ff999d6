using System.Text.Json.Nodes;

using JinBao.Medical;
using JinBao.Persons;
using JinBao.Primitives;

using Microsoft.Extensions.DependencyInjection;

using static JinBao.Api.Tests.Infrastructure.ApiFixture;

namespace JinBao.Api.Tests.Infrastructure;

/// <summary>A POST to send: where, and a valid JSON body.</summary>
public sealed record ExampleRequest(string Url, JsonObject Body);

/// <summary>
/// A valid request for every POST route with a body, each in a fresh situation of its own: the own region is Shenzhen
/// (the person's insuring city, the transfer's new and awaited place, the hospital's city), Guangdong the own province.
/// </summary>
public static class RouteExamples
{
    private static int _adjustmentMonths;

    /// <summary>The example of the route named <paramref name="route"/> (its OpenAPI operationId).</summary>
    /// <exception cref="ArgumentOutOfRangeException">No example for that route yet: add one.</exception>
    public static async Task<ExampleRequest> ExamplePostAsync(this ApiFixture fixture, string route)
    {
        switch (route)
        {
            case "EnrolPerson":
                return new("/api/v1/persons", Json(new { citizenId = TestPeople.Next().Value, hukouRegion = Shenzhen, insuringCity = Shenzhen, enrolledOn = "2025-01-01", name = "张三丰" }));
            case "DeclareContribution":
                return new($"/api/v1/persons/{await fixture.PersonAsync()}/contributions", Json(new { month = "2025-02", declaredBaseFen = 800_000 }));
            case "StopContributing":
                return new($"/api/v1/persons/{await fixture.PersonAsync()}/stop-contributing", Json(new { stoppedOn = "2026-10-31" }));
            case "RetirePerson":
                return new($"/api/v1/persons/{await fixture.PersonAsync()}/retirement", Json(new { retiredOn = "2026-11-01" }));
            case "ApplyForTransfer":
                var moved = await fixture.MovedAsync(Guangzhou, Shenzhen);
                return new("/api/v1/pension-transfers", Json(new { citizenId = moved.Value, fromCity = Guangzhou }));
            case "ApproveTransfer":
                return new($"/api/v1/pension-transfers/{(await fixture.AppliedTransferAsync(Guangzhou, Shenzhen)).Id}/approve", Json(new { }));
            case "RejectTransfer":
                return new($"/api/v1/pension-transfers/{(await fixture.AppliedTransferAsync(Guangzhou, Shenzhen)).Id}/reject", Json(new { reason = "documents incomplete" }));
            case "CancelTransfer":
                return new($"/api/v1/pension-transfers/{(await fixture.AppliedTransferAsync(Guangzhou, Shenzhen)).Id}/cancel", Json(new { }));
            case "FileForOffSiteCare":
                return new($"/api/v1/persons/{await fixture.PersonAsync()}/medical/filings", Json(new { type = "long-term", careCity = Chengdu, validFrom = "2026-01-01" }));
            case "ChangeFiling":
                var moving = await fixture.PersonAsync();
                await fixture.Grains.GetMedicalAccountGrain(CitizenId.Parse(moving)).FileAsync(
                    new FileForCare(new FilingId("seeded"), FilingType.LongTerm, RegionCode.Parse(Chengdu), new DateOnly(2026, 1, 1), null, new Requester("city:440300", null)));
                return new($"/api/v1/persons/{moving}/medical/filings/seeded/change", Json(new { type = "long-term", careCity = "110100", validFrom = "2026-07-01" }));
            case "CancelFiling":
                var filed = await fixture.PersonAsync();
                await fixture.Grains.GetMedicalAccountGrain(CitizenId.Parse(filed)).FileAsync(
                    new FileForCare(new FilingId("seeded"), FilingType.LongTerm, RegionCode.Parse(Chengdu), new DateOnly(2026, 1, 1), null, new Requester("city:440300", null)));
                return new($"/api/v1/persons/{filed}/medical/filings/seeded/cancel", Json(new { }));
            case "SettleBill":
                return new("/api/v1/medical/settlements", Json(new
                {
                    settlementId = $"M-{Guid.NewGuid():N}",
                    citizenId = (await fixture.PatientAsync()).Value,
                    admittedOn = "2026-11-02",
                    lines = new[] { new { itemCode = "G90-INSCOPE", quantity = 1, unitPriceFen = 800_000 } },
                }));
            case "ReverseSettlement":
                return new($"/api/v1/medical/settlements/{await fixture.SettledAsync()}/reversal", Json(new { }));
            case "ConfirmClearingStatement":
                return new("/api/v1/medical/clearing-statements/2025-01/510000/confirm", Json(new { }));
            case "RegisterResidence":
                return new($"/api/v1/persons/{await fixture.RetireeAsync()}/residence", Json(new { residenceRegion = "110100" }));
            case "RecordVerification":
                return new($"/api/v1/persons/{await fixture.RetireeAsync()}/verifications", Json(new { verificationId = "face-1", method = "face-check", verifiedOn = "2026-11-20" }));
            case "NotifyDeath":
                return new($"/api/v1/persons/{await fixture.RetireeAsync()}/death", Json(new { source = "civil-affairs", diedOn = "2026-11-20" }));
            case "AddAdjustmentRule":
                // A month of its own per example (from 2031-01, after every month a test pays), so examples never collide.
                var month = new YearMonth(2031, 1).AddMonths(Interlocked.Increment(ref _adjustmentMonths) - 1);
                return new("/api/v1/pension-payments/440000/adjustment-rules", Json(new { scope = "440000", effectiveMonth = month.ToString(), percent = 2.35m, fixedFen = 1000 }));
            case "StartPaymentRun":
                return new("/api/v1/pension-payments/440000/runs", Json(new { month = "2030-12" }));
            case "AssignCase":
                var assigned = await fixture.AppliedTransferAsync(Guangzhou, Shenzhen);
                return new($"/api/v1/agencies/{Shenzhen}/cases/{assigned.Id}/assignment", Json(new { clerk = await fixture.StaffMemberAsync() }));
            case "AcknowledgeEscalation":
                var acknowledged = await fixture.AppliedTransferAsync(Guangzhou, Shenzhen);
                return new($"/api/v1/agencies/{Shenzhen}/cases/{acknowledged.Id}/acknowledgement", Json(new { note = "taken in hand" }));
            case "SetTransferPolicy":
                // Shenzhen's default (decide by clerk), set as its own: the other tests' transfers behave as before.
                return new($"/api/v1/agencies/{Shenzhen}/transfer-policy", Json(new { approveCompleteApplications = false, releaseAtOnce = false }));
            case "AcknowledgeAlert":
                return new($"/api/v1/agencies/{Shenzhen}/alerts/self-decided-0000000000000000/acknowledgement", Json(new { }));
            case "ResolveAlert":
                return new($"/api/v1/agencies/{Shenzhen}/alerts/self-decided-0000000000000000/resolution", Json(new { note = "checked" }));
            case "CreateClerk":
                return new($"/api/v1/agencies/{Shenzhen}/staff", Json(new { user = $"u{Guid.NewGuid():N}"[..20], role = "clerk" }));
            case "DisableClerk":
                return new($"/api/v1/agencies/{Shenzhen}/staff/{await fixture.StaffMemberAsync()}/disable", Json(new { }));
            case "EnableClerk":
                return new($"/api/v1/agencies/{Shenzhen}/staff/{await fixture.StaffMemberAsync()}/enable", Json(new { }));
            case "ChangePassword":
                return new("/api/v1/auth/password", Json(new { currentPassword = "not-the-password", newPassword = "a-new-password-2026" }));
            case "IssueContactLetter":
                return new($"/api/v1/pension-transfers/{(await fixture.AppliedTransferAsync(Guangzhou, Shenzhen)).Id}/contact-letter", Json(new { }));
            case "IssueContributionCertificate":
                return new($"/api/v1/persons/{await fixture.PersonAsync()}/certificates", Json(new { }));
            case "IssuePortalActivationCode":
                return new($"/api/v1/persons/{await fixture.PersonAsync()}/activation-code", Json(new { }));
            default:
                throw new ArgumentOutOfRangeException(nameof(route), route, "Add an example of the route to RouteExamples.");
        }
    }

    /// <summary>A fresh clerk account of Shenzhen's agency: its user name.</summary>
    public static async Task<string> StaffMemberAsync(this ApiFixture fixture)
    {
        var user = $"s{Guid.NewGuid():N}"[..20];
        await fixture.Api.Services.GetRequiredService<JinBao.Api.Auth.CredentialStore>().CreateClerkAsync(RegionCode.Parse(Shenzhen), user, "clerk");
        return user;
    }

    /// <summary>A person insured in Shenzhen with one month paid there.</summary>
    public static async Task<string> PersonAsync(this ApiFixture fixture)
    {
        var id = await fixture.EnrolledAsync(Shenzhen);
        await fixture.DeclaredAsync(id, "2025-01");
        return id.Value;
    }

    /// <summary>A person insured in Chengdu, filed for long-term residence in Shenzhen: Shenzhen's hospitals settle for them.</summary>
    public static async Task<CitizenId> PatientAsync(this ApiFixture fixture)
    {
        var id = await fixture.EnrolledAsync(Chengdu, hukou: Chengdu);
        await fixture.Grains.GetMedicalAccountGrain(id).FileAsync(
            new FileForCare(new FilingId("home"), FilingType.LongTerm, RegionCode.Parse(Shenzhen), new DateOnly(2026, 1, 1), null, new Requester("city:510100", null)));
        return id;
    }

    /// <summary>A settlement made by Shenzhen's hospital for such a patient.</summary>
    public static async Task<string> SettledAsync(this ApiFixture fixture)
    {
        var settlementId = $"M-{Guid.NewGuid():N}";
        var patient = await fixture.PatientAsync();
        var bill = new SettleBill(new SettlementId(settlementId), RegionCode.Parse(Shenzhen), new DateOnly(2026, 11, 2), false,
            [new FeeLine("G90-INSCOPE", 1, Money.FromYuan(8000))], new Requester("city:440300", null));
        await fixture.Grains.GetMedicalSettlementGrain(new SettlementId(settlementId)).SettleAsync(new SettleForPatient(patient, bill));
        return settlementId;
    }

    /// <summary>A retiree whose pension Shenzhen pays (fresh each time: a death ends the entitlement).</summary>
    public static async Task<string> RetireeAsync(this ApiFixture fixture) => (await fixture.RetiredAsync()).Value;

    private static JsonObject Json(object body) => System.Text.Json.JsonSerializer.SerializeToNode(body)!.AsObject();
}
