using JinBao.Errors;
using JinBao.Grains.Telemetry;
using JinBao.Medical;
using JinBao.Persons;
using JinBao.Primitives;

namespace JinBao.Grains.Medical;

/// <summary>One settlement at the place of care: asks the insuring place once, keeps its answer (spec §4.5, §4.7).</summary>
[GrainType("medical-settlement")]
public sealed class MedicalSettlementGrain(
    [PersistentState("medical-settlement", JinBaoStorage.ProviderName)] IPersistentState<MedicalSettlementState> state,
    InsuringPlace insuring) : Grain, IMedicalSettlementGrain
{
    public async Task<CareSettlementView> SettleAsync(SettleForPatient command)
    {
        if (command.Bill.SettlementId.Value != this.GetPrimaryKeyString())
        {
            throw new JinBaoException(ErrorKind.InvalidInput, "settlement-id-mismatch", "The bill's settlement id is not this settlement's.");
        }

        var fingerprint = $"{command.Patient.Value}:{MedicalAccount.Fingerprint(command.Bill)}";
        if (state.State.Settlement is { } done)
        {
            return state.State.RequestFingerprint == fingerprint
                ? done
                : throw new JinBaoException(ErrorKind.RuleViolation, "settlement-id-reused", $"Settlement {command.Bill.SettlementId} was made for another bill.");
        }

        // If this activation dies after the insuring place settled, the hospital's retry asks again and gets the same answer.
        var view = await insuring.SettleAsync(command.Patient, command.Bill);
        state.State.Settlement = new CareSettlementView(command.Patient, view, command.Bill.Request.Actor);
        state.State.RequestFingerprint = fingerprint;
        await state.WriteStateAsync();
        JinBaoTelemetry.MedicalSettlements.Add(1, new KeyValuePair<string, object?>("outcome", "settled"));
        return state.State.Settlement;
    }

    public async Task<CareSettlementView> ReverseAsync(Requester request, string? reason)
    {
        var done = state.State.Settlement ?? throw new JinBaoException(ErrorKind.NotFound, "settlement-not-found", $"No settlement {this.GetPrimaryKeyString()} was made here.");
        if (done.Settlement.Status == SettlementStatus.Reversed)
        {
            return done;
        }

        var view = await insuring.ReverseAsync(done.Patient, done.Settlement.SettlementId, done.Settlement.CareCity, request, reason);
        state.State.Settlement = done with { Settlement = view };
        await state.WriteStateAsync();
        JinBaoTelemetry.MedicalSettlements.Add(1, new KeyValuePair<string, object?>("outcome", "reversed"));
        return state.State.Settlement;
    }

    public Task<CareSettlementView?> GetAsync() => Task.FromResult(state.State.Settlement);
}
