using JinBao.Drawing;
using JinBao.Errors;
using JinBao.Primitives;

using Npgsql;

namespace JinBao.Grains.Drawing;

/// <summary>Adjustment rules (one insert each) and the reads of runs, batches and recovery cases.</summary>
public sealed class PaymentQueries(NpgsqlDataSource dataSource)
{
    private const string RunColumns = """
        province, run_month, status, payees_expected, suspended, chunks_done, payees_paid, lines, total_fen, started_at, completed_at
        """;

    /// <summary>Stores a rule; it applies to every payment computed from now on.</summary>
    /// <exception cref="JinBaoException">Invalid, or a rule for the same scope and month exists (<c>adjustment-rule-exists</c>).</exception>
    public async Task<AdjustmentRuleView> AddRuleAsync(AdjustmentRuleView rule, CancellationToken cancellationToken = default)
    {
        PensionAdjustment.Validate(rule);
        await using var command = dataSource.CreateCommand("""
            INSERT INTO jinbao_pension_adjustment_rules (scope, effective_month, percent, fixed_fen, description)
            VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (scope, effective_month) DO NOTHING
            RETURNING rule_id
            """);
        command.Parameters.Add(new() { Value = rule.Scope });
        command.Parameters.Add(new() { Value = rule.EffectiveMonth.FirstDay });
        command.Parameters.Add(new() { Value = rule.Percent });
        command.Parameters.Add(new() { Value = rule.Fixed.Fen });
        command.Parameters.Add(new() { Value = rule.Description });
        return await command.ExecuteScalarAsync(cancellationToken) is long id
            ? rule with { RuleId = id }
            : throw new JinBaoException(ErrorKind.RuleViolation, "adjustment-rule-exists",
                $"A rule for {rule.Scope} effective {rule.EffectiveMonth} exists already; rules are never edited: add one for another month, or a correcting rule.");
    }

    /// <summary>
    /// Stores a national rule as this province's <c>all</c> rule, with its business event (which the statistics count
    /// and national learns of), in one transaction. A rule for <c>all</c> and the month already stored is left as it
    /// is: a document delivered again, or one the province entered itself before it joined the exchange.
    /// </summary>
    /// <returns>True when stored now.</returns>
    public async Task<bool> ReceiveNationalRuleAsync(RegionCode province, AdjustmentRuleView rule, CancellationToken cancellationToken = default)
    {
        NationalAdjustmentView.Validate(rule);
        await using var command = dataSource.CreateCommand("""
            WITH stored AS (
                INSERT INTO jinbao_pension_adjustment_rules (scope, effective_month, percent, fixed_fen, description)
                VALUES ('all', $1, $2, $3, $4)
                ON CONFLICT (scope, effective_month) DO NOTHING
                RETURNING rule_id, created_at)
            INSERT INTO jinbao_events (event_id, stream, type, actor, payload, occurred_at)
            SELECT 'national-adjustment:' || $5 || ':' || to_char($1::date, 'YYYY-MM'), 'payments:' || $5, 'national-adjustment-received', 'national',
                jsonb_build_object('effectiveMonth', to_char($1::date, 'YYYY-MM'), 'percent', $2, 'fixedFen', $3, 'ruleId', s.rule_id), s.created_at
            FROM stored s
            ON CONFLICT (event_id) DO NOTHING
            """);
        command.Parameters.Add(new() { Value = rule.EffectiveMonth.FirstDay });
        command.Parameters.Add(new() { Value = rule.Percent });
        command.Parameters.Add(new() { Value = rule.Fixed.Fen });
        command.Parameters.Add(new() { Value = rule.Description });
        command.Parameters.Add(new() { Value = province.Province.Value });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>The rules that apply in a province, in compounding order.</summary>
    public async Task<IReadOnlyList<AdjustmentRuleView>> GetRulesAsync(RegionCode province, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT rule_id, scope, effective_month, percent, fixed_fen, description FROM jinbao_pension_adjustment_rules
            WHERE scope IN ('all', $1) ORDER BY effective_month, rule_id
            """);
        command.Parameters.Add(new() { Value = province.Province.Value });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rules = new List<AdjustmentRuleView>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rules.Add(new AdjustmentRuleView(reader.GetInt64(0), reader.GetString(1), YearMonth.Of(reader.GetFieldValue<DateOnly>(2)),
                reader.GetDecimal(3), new Money(reader.GetInt64(4)), reader.GetString(5)));
        }

        return rules;
    }

    /// <summary>The run of a month, or null when none was started.</summary>
    public async Task<PaymentRunView?> FindRunAsync(RegionCode province, YearMonth month, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT {RunColumns} FROM jinbao_pension_payment_runs WHERE province = $1 AND run_month = $2");
        command.Parameters.Add(new() { Value = province.Province.Value });
        command.Parameters.Add(new() { Value = month.FirstDay });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new PaymentRunView(RegionCode.Parse(reader.GetString(0)), YearMonth.Of(reader.GetFieldValue<DateOnly>(1)), reader.GetString(2),
            reader.GetInt64(3), reader.GetInt64(4), reader.GetInt32(5), reader.GetInt64(6), reader.GetInt64(7), new Money(reader.GetInt64(8)),
            reader.GetFieldValue<DateTimeOffset>(9), reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10));
    }

    /// <summary>The bank batches of a run, by bank.</summary>
    public async Task<IReadOnlyList<PaymentBatchView>> GetBatchesAsync(RegionCode province, YearMonth month, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT bank, lines, total_fen, movement_id FROM jinbao_pension_payment_batches
            WHERE province = $1 AND run_month = $2 ORDER BY bank
            """);
        command.Parameters.Add(new() { Value = province.Province.Value });
        command.Parameters.Add(new() { Value = month.FirstDay });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var batches = new List<PaymentBatchView>();
        while (await reader.ReadAsync(cancellationToken))
        {
            batches.Add(new PaymentBatchView(reader.GetString(0), reader.GetInt64(1), new Money(reader.GetInt64(2)), reader.GetString(3)));
        }

        return batches;
    }

    /// <summary>Recovery cases of a province, newest first; or the one case of <paramref name="citizenId"/>.</summary>
    public async Task<IReadOnlyList<PaymentLineView>> GetPaymentsAsync(RegionCode province, CitizenId citizenId, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT for_month, run_month, bank, bank_account, amount_fen
            FROM jinbao_pension_payment_lines
            WHERE citizen_id = $1 AND province = $2
            ORDER BY for_month DESC LIMIT $3
            """);
        command.Parameters.Add(new() { Value = citizenId.Value });
        command.Parameters.Add(new() { Value = province.Province.Value });
        command.Parameters.Add(new() { Value = Math.Clamp(limit, 1, 1000) });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var lines = new List<PaymentLineView>();
        while (await reader.ReadAsync(cancellationToken))
        {
            lines.Add(new PaymentLineView(YearMonth.Of(reader.GetFieldValue<DateOnly>(0)), YearMonth.Of(reader.GetFieldValue<DateOnly>(1)),
                reader.GetString(2), PayeeView.MaskAccount(reader.GetString(3)), new Money(reader.GetInt64(4))));
        }

        return lines;
    }

    public async Task<IReadOnlyList<RecoveryCaseView>> GetRecoveryCasesAsync(RegionCode province, int limit, CitizenId? citizenId = null, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT citizen_id, province, death_month, overpaid_months, overpayment_fen, funeral_grant_fen, survivor_benefit_fen,
                   inheritable_fen, status, opened_at
            FROM jinbao_pension_recovery_cases
            WHERE province = $1 AND ($2::text IS NULL OR citizen_id = $2)
            ORDER BY opened_at DESC, citizen_id LIMIT $3
            """);
        command.Parameters.Add(new() { Value = province.Province.Value });
        command.Parameters.Add(new() { Value = (object?)citizenId?.Value ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = Math.Clamp(limit, 1, 1000) });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var cases = new List<RecoveryCaseView>();
        while (await reader.ReadAsync(cancellationToken))
        {
            cases.Add(new RecoveryCaseView(CitizenId.Parse(reader.GetString(0)), RegionCode.Parse(reader.GetString(1)),
                YearMonth.Of(reader.GetFieldValue<DateOnly>(2)), reader.GetFieldValue<DateOnly[]>(3).Select(YearMonth.Of).ToList(),
                new Money(reader.GetInt64(4)), new Money(reader.GetInt64(5)), new Money(reader.GetInt64(6)), new Money(reader.GetInt64(7)),
                reader.GetString(8), reader.GetFieldValue<DateTimeOffset>(9)));
        }

        return cases;
    }
}
