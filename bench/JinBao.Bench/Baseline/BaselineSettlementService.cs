using JinBao.Medical;
using JinBao.Primitives;

using Npgsql;

namespace JinBao.Bench.Baseline;

/// <summary>
/// A medical settlement as a team without actors would build it: one transaction that locks the person's row, runs
/// the same <see cref="MedicalAccount"/> rules over the state stored in it, and writes state, ledger and audit rows.
/// </summary>
public sealed class BaselineSettlementService(NpgsqlDataSource database)
{
    public async Task<SettlementView> SettleAsync(CitizenId person, SettleBill bill)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var (state, insuringCity) = await PersonRows.LockAsync<MedicalAccountState>(connection, transaction, person.Value, "medical");
        var account = new MedicalAccount(state, person, BaselineJson.Read<RegionCode>(insuringCity),
            MedicalCatalogue.Official, MedicalPolicies.Official, DateTimeOffset.UtcNow);
        var view = account.Settle(bill);
        await PersonRows.CommitAsync(connection, transaction, state.Pending.IsEmpty ? [] : PersonRows.Save(person.Value, "medical", state, state.Pending));
        return view;
    }
}
