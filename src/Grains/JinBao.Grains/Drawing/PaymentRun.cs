using JinBao.Drawing;
using JinBao.Grains.Effects;
using JinBao.Ledger;
using JinBao.Primitives;

using Npgsql;

namespace JinBao.Grains.Drawing;

/// <summary>
/// The monthly pension payment run of one drawing province (spec §5, design.md §2): set-based SQL over the payee
/// projection, no person grain activated. Idempotent per (province, month): a re-run returns the same batches and
/// posts nothing; a run interrupted by a crash resumes at its last committed chunk.
/// </summary>
/// <remarks>
/// Steps: (1) the run row is created with the number of payee records; (2) records whose verification expired before
/// the month are suspended (one UPDATE); (3) payees are paid in chunks of <see cref="ChunkSize"/> by citizen id, each
/// chunk one transaction that inserts the payment lines (the month, plus back-pay from <c>backpay_from</c>) and advances
/// the run's cursor and counters; (4) lines are totalled per bank into batches, each posted as one balanced ledger
/// movement (<c>{province}:pension-fund</c> − total, <c>{province}:bank-payable:{bank}</c> + total), and the run completes.
/// Amounts are computed at read time from the base pension and the adjustment rules (<see cref="PensionAdjustment"/>).
/// </remarks>
/// <param name="rolls">Tells national whom the run paid (a province of the exchange); null where nothing is sent (tests, benchmarks).</param>
public sealed class PaymentRun(NpgsqlDataSource dataSource, PaymentRolls? rolls = null)
{
    /// <summary>Payees per chunk transaction: large enough for set-based speed, small enough to resume cheaply.</summary>
    public int ChunkSize { get; init; } = 50_000;

    private const string CreateRun = """
        INSERT INTO jinbao_pension_payment_runs (province, run_month, status, payees_expected)
        SELECT $1, $2, 'running', count(*) FROM jinbao_pension_entitlements WHERE drawing_province = $1
        ON CONFLICT (province, run_month) DO NOTHING
        """;

    // Expired verification → suspended before anything is paid (spec §5); the next renewal lifts it (EffectWriter).
    private const string SuspendExpired = """
        WITH suspended AS (
            UPDATE jinbao_pension_entitlements SET suspended_from = $2, updated_at = now()
            WHERE drawing_province = $1 AND status = 'active' AND suspended_from IS NULL AND verified_until < $2 AND start_month <= $2
            RETURNING 1)
        UPDATE jinbao_pension_payment_runs SET suspended = suspended + (SELECT count(*) FROM suspended)
        WHERE province = $1 AND run_month = $2 AND status = 'running'
        """;

    private const string LockRun = """
        SELECT status, cursor_citizen_id FROM jinbao_pension_payment_runs WHERE province = $1 AND run_month = $2 FOR UPDATE
        """;

    private const string ChunkEnd = """
        SELECT max(citizen_id) FROM (
            SELECT citizen_id FROM jinbao_pension_entitlements
            WHERE drawing_province = $1 AND citizen_id > $2 ORDER BY citizen_id LIMIT $3) chunk
        """;

    private const string PayChunk = """
        WITH payees AS (
            SELECT citizen_id, bank, bank_account, base_monthly_fen, start_month, backpay_from
            FROM jinbao_pension_entitlements
            WHERE drawing_province = $1 AND citizen_id > $3 AND citizen_id <= $4
              AND status = 'active' AND suspended_from IS NULL AND bank <> 'unassigned'
              AND start_month <= $2 AND verified_until >= $2),
        months AS (
            SELECT p.*, m::date AS for_month
            FROM payees p, generate_series((CASE WHEN p.backpay_from IS NULL THEN $2 ELSE greatest(p.backpay_from, p.start_month) END)::timestamp, $2::timestamp, interval '1 month') m),
        inserted AS (
            INSERT INTO jinbao_pension_payment_lines (citizen_id, for_month, province, run_month, bank, bank_account, amount_fen)
            SELECT citizen_id, for_month, $1, $2, bank, bank_account,
                   jinbao_pension_adjusted_fen(base_monthly_fen, start_month, for_month, $5, $6, $7)
            FROM months
            ON CONFLICT (citizen_id, for_month) DO NOTHING
            RETURNING citizen_id, amount_fen),
        cleared AS (
            UPDATE jinbao_pension_entitlements e SET backpay_from = NULL
            FROM payees p WHERE e.citizen_id = p.citizen_id AND p.backpay_from IS NOT NULL)
        UPDATE jinbao_pension_payment_runs r SET
            cursor_citizen_id = $4, chunks_done = r.chunks_done + 1,
            payees_paid = r.payees_paid + t.payees, lines = r.lines + t.lines, total_fen = r.total_fen + t.total
        FROM (SELECT count(DISTINCT citizen_id) AS payees, count(*) AS lines, coalesce(sum(amount_fen), 0) AS total FROM inserted) t
        WHERE r.province = $1 AND r.run_month = $2
        """;

    private const string CreateBatches = """
        INSERT INTO jinbao_pension_payment_batches (province, run_month, bank, lines, total_fen, movement_id)
        SELECT $1, $2, bank, count(*), sum(amount_fen), 'pension-payment:' || $1 || ':' || to_char($2::date, 'YYYY-MM') || ':' || bank
        FROM jinbao_pension_payment_lines WHERE province = $1 AND run_month = $2
        GROUP BY bank
        ON CONFLICT (province, run_month, bank) DO NOTHING
        """;

    // The chart of accounts' names, written into the statement (constants, not input): one bank's batch moves the run's
    // total from the province's pension fund to what it owes that bank.
    private const string PostBatches = $$"""
        INSERT INTO jinbao_ledger_entries (movement_id, leg, account, amount_fen, kind, person_id)
        SELECT b.movement_id, l.leg, l.account, l.amount, '{{MovementKinds.PensionPayment}}', NULL
        FROM jinbao_pension_payment_batches b
        CROSS JOIN LATERAL (VALUES (0::smallint, b.province || '{{LedgerAccounts.PensionFundSuffix}}', -b.total_fen),
                                   (1::smallint, b.province || '{{LedgerAccounts.BankPayablePrefix}}' || b.bank, b.total_fen)) l(leg, account, amount)
        WHERE b.province = $1 AND b.run_month = $2 AND b.total_fen <> 0
        ON CONFLICT (movement_id, leg) DO NOTHING
        """;

    // The run's business event (its totals, for the statistics) is written in the completing transaction. It names the
    // effective months of the national rules the run applied ($3), which is how national learns when each province did.
    private const string Complete = """
        WITH done AS (
            UPDATE jinbao_pension_payment_runs SET status = 'completed', completed_at = now()
            WHERE province = $1 AND run_month = $2
            RETURNING province, run_month, completed_at
        )
        INSERT INTO jinbao_events (event_id, stream, type, actor, payload, occurred_at)
        SELECT 'payments:' || d.province || ':' || to_char(d.run_month, 'YYYY-MM'), 'payments:' || d.province, 'payment-run-completed', 'system',
            jsonb_build_object('month', to_char(d.run_month, 'YYYY-MM'),
                'payees', (SELECT count(DISTINCT l.citizen_id) FROM jinbao_pension_payment_lines l WHERE l.province = d.province AND l.run_month = d.run_month),
                'amountFen', (SELECT coalesce(sum(b.total_fen), 0) FROM jinbao_pension_payment_batches b WHERE b.province = d.province AND b.run_month = d.run_month),
                'nationalRules', to_jsonb($3::text[])),
            d.completed_at
        FROM done d
        ON CONFLICT (event_id) DO NOTHING
        """;

    /// <summary>Creates the run of <paramref name="month"/> if new, and suspends expired payees; returns at once.</summary>
    public async Task BeginAsync(RegionCode province, YearMonth month, CancellationToken cancellationToken = default)
    {
        var p = ProvinceOf(province);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, CreateRun, cancellationToken, p, month.FirstDay);
        await ExecuteAsync(connection, transaction, SuspendExpired, cancellationToken, p, month.FirstDay);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Runs (or resumes, or just returns) the payment run of <paramref name="month"/> to completion.</summary>
    /// <returns>The completed run.</returns>
    public async Task<PaymentRunView> RunAsync(RegionCode province, YearMonth month, CancellationToken cancellationToken = default)
    {
        var queries = new PaymentQueries(dataSource);
        if (await queries.FindRunAsync(province, month, cancellationToken) is { Status: "completed" } done)
        {
            return done;
        }

        await BeginAsync(province, month, cancellationToken);
        var rules = await queries.GetRulesAsync(province, cancellationToken);
        while (!await NextChunkAsync(ProvinceOf(province), month, rules, cancellationToken))
        {
        }

        return (await queries.FindRunAsync(province, month, cancellationToken))!;
    }

    /// <summary>
    /// Pays the next chunk of a begun run (<see cref="BeginAsync"/>), or completes it; true when the run is complete.
    /// One transaction: a crash loses at most this chunk, and starting the run again resumes after the last committed one.
    /// </summary>
    public async Task<bool> PayNextChunkAsync(RegionCode province, YearMonth month, CancellationToken cancellationToken = default) =>
        await NextChunkAsync(ProvinceOf(province), month, await new PaymentQueries(dataSource).GetRulesAsync(province, cancellationToken), cancellationToken);

    private async Task<bool> NextChunkAsync(string province, YearMonth month, IReadOnlyList<AdjustmentRuleView> rules, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock_shared($1, $2)", cancellationToken, PaymentLocks.Namespace, PaymentLocks.KeyOf(province));

        string cursor;
        await using (var lockRun = new NpgsqlCommand(LockRun, connection, transaction) { Parameters = { new() { Value = province }, new() { Value = month.FirstDay } } })
        await using (var reader = await lockRun.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken) || reader.GetString(0) == "completed")
            {
                return true;
            }

            cursor = reader.GetString(1);
        }

        await using var end = new NpgsqlCommand(ChunkEnd, connection, transaction)
        {
            Parameters = { new() { Value = province }, new() { Value = cursor }, new() { Value = ChunkSize } },
        };
        if (await end.ExecuteScalarAsync(cancellationToken) is not string chunkEnd)
        {
            await ExecuteAsync(connection, transaction, CreateBatches, cancellationToken, province, month.FirstDay);
            await ExecuteAsync(connection, transaction, PostBatches, cancellationToken, province, month.FirstDay);
            await ExecuteAsync(connection, transaction, Complete, cancellationToken, province, month.FirstDay, NationalRulesApplied(rules, month));
            var roll = rolls is null ? null : await rolls.WriteAsync(connection, transaction, RegionCode.Parse(province), month, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            rolls?.Committed(roll);
            return true;
        }

        await ExecuteAsync(connection, transaction, PayChunk, cancellationToken,
            province, month.FirstDay, cursor, chunkEnd,
            rules.Select(r => r.EffectiveMonth.FirstDay).ToArray(),
            rules.Select(r => r.Percent).ToArray(),
            rules.Select(r => r.Fixed.Fen).ToArray());
        await transaction.CommitAsync(cancellationToken);
        return false;
    }

    private static string ProvinceOf(RegionCode region) => region.Province.Value;

    /// <summary>The effective months (<c>yyyy-MM</c>) of the national rules among those a run of <paramref name="month"/> applies.</summary>
    private static string[] NationalRulesApplied(IReadOnlyList<AdjustmentRuleView> rules, YearMonth month) =>
        [.. rules.Where(r => r.Scope == NationalAdjustmentView.NationalScope && r.EffectiveMonth <= month).Select(r => r.EffectiveMonth.ToString())];

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
