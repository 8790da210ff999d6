using JinBao.Effects;
using JinBao.Ledger;
using JinBao.Persons;
using JinBao.Policies;
using JinBao.Primitives;
using JinBao.Transfers;

using Npgsql;

namespace JinBao.Bench.Baseline;

/// <summary>
/// A cross-province transfer as a team without actors would build it: one service calling each province's database
/// (and the national one) in turn, each step a transaction that locks the person's row and applies the same
/// <see cref="PersonAccount"/> rules (release, merge). No signed documents, outbox or retries: a lower bound on the
/// conventional cost, and weaker than JinBao (a crash between steps leaves the transfer half done).
/// </summary>
public sealed class BaselineTransferService(NpgsqlDataSource national, NpgsqlDataSource guangdong, NpgsqlDataSource sichuan)
{
    private const string UpsertTransfer = """
        INSERT INTO baseline_transfers (transfer_id, citizen_id, status, certificate) VALUES ($1, $2, $3, $4)
        ON CONFLICT (transfer_id) DO UPDATE SET status = excluded.status,
            certificate = coalesce(excluded.certificate, baseline_transfers.certificate), version = baseline_transfers.version + 1
        """;

    private const string MoveCustody = "UPDATE baseline_person_index SET custody_province = $2, version = version + 1 WHERE citizen_id = $1";

    public async Task TransferAsync(CitizenId person, TransferId transfer)
    {
        var key = transfer.ToString();
        var request = new Requester(Places.ChengduSystem.Actor, key);
        var now = DateTimeOffset.UtcNow;
        var today = DateOnly.FromDateTime(now.UtcDateTime);

        // 1. Chengdu reviews the application (its policy approves complete ones) and records the contact letter.
        await StepAsync(sichuan, person, key, 1, "contact-letter-issued", request, now);

        // 2. Shenzhen releases (by policy): the whole individual account and 12% of the bases leave for national clearing.
        var certificate = await ChangePersonAsync(guangdong, person, key, "certificate-and-funds-sent", now,
            account => account.Release(new ReleaseForTransfer(transfer, Places.Shenzhen, Places.Chengdu, today, request, ViaNationalClearing: true)));

        // 3. The national clearing posts the funds between the provinces and moves custody to Sichuan.
        await ClearAsync(person, key, certificate, request, now);

        // 4. Chengdu merges months and funds; 5. Shenzhen records the completion.
        await ChangePersonAsync(sichuan, person, key, "completed", now,
            account => account.Merge(new MergeTransfer(certificate, Places.Chengdu, today, request, ViaNationalClearing: true)));
        await StepAsync(guangdong, person, key, 2, "completed", request, now);
    }

    private static async Task<T> ChangePersonAsync<T>(NpgsqlDataSource database, CitizenId person, string key, string status, DateTimeOffset now, Func<PersonAccount, T> rule)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var (state, _) = await PersonRows.LockAsync<PersonState>(connection, transaction, person.Value, "person");
        var result = rule(new PersonAccount(state, person, PensionParameters.Official, now));
        var certificate = result is TransferCertificate released ? JsonText.Of(released) : null;
        await PersonRows.CommitAsync(connection, transaction, PersonRows.Save(person.Value, "person", state, state.Pending)
            .Append(EffectRows.Command(UpsertTransfer, key, person.Value, status, certificate)));
        return result;
    }

    /// <summary>A step that changes only the transfer: under the person's row lock, the transfer row and an audit event.</summary>
    private static async Task StepAsync(NpgsqlDataSource database, CitizenId person, string key, int sequence, string status, Requester request, DateTimeOffset now)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand("SELECT 1 FROM baseline_persons WHERE citizen_id = $1 FOR UPDATE", connection, transaction)
        {
            Parameters = { new() { Value = person.Value } },
        })
        {
            await lockRow.ExecuteScalarAsync();
        }

        var effects = new PendingEffects();
        effects.Audit($"transfer:{key}", sequence, $"transfer-{status}", request, new { transferId = key, status }, now);
        await PersonRows.CommitAsync(connection, transaction,
            EffectRows.Take(effects).Append(EffectRows.Command(UpsertTransfer, key, person.Value, status, null)));
    }

    private async Task ClearAsync(CitizenId person, string key, TransferCertificate certificate, Requester request, DateTimeOffset now)
    {
        var funds = certificate.IndividualAccount + certificate.PooledFund;
        var effects = new PendingEffects();
        effects.Add(new LedgerMovement(MovementId.Of($"transfer:{key}:clearing"), "transfer-clearing", null,
        [
            new LedgerLeg(LedgerAccounts.ProvinceClearing(Places.Shenzhen.Province.Value), -funds),
            new LedgerLeg(LedgerAccounts.ProvinceClearing(Places.Chengdu.Province.Value), funds),
        ]));
        effects.Audit($"transfer:{key}", 1, "transfer-cleared", request, new { transferId = key, fundsFen = funds.Fen }, now);
        await using var connection = await national.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await PersonRows.CommitAsync(connection, transaction,
            EffectRows.Take(effects).Append(EffectRows.Command(MoveCustody, person.Value, Places.Chengdu.Province.Value)));
    }
}
