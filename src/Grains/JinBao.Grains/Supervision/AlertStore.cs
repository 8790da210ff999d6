using JinBao.Errors;
using JinBao.Primitives;
using JinBao.Supervision;

using Npgsql;

namespace JinBao.Grains.Supervision;

/// <summary>Reads alerts (<c>jinbao_alerts</c>); they are written as effects (raised by the rules, moved on by supervisors).</summary>
public sealed class AlertStore(NpgsqlDataSource dataSource)
{
    private const string Columns = """
        alert_id, rule, place, subject, detail, raised_at, status, acknowledged_by, acknowledged_at, resolved_by, resolved_at, resolution_note, facts::text
        """;

    /// <summary>Alerts of <paramref name="places"/>, newest first.</summary>
    public async Task<IReadOnlyList<AlertView>> ListAsync(IReadOnlyList<string> places, AlertStatus? status, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {Columns} FROM jinbao_alerts
            WHERE place = ANY($1) AND ($2::text IS NULL OR status = $2)
            ORDER BY raised_at DESC, alert_id LIMIT $3
            """);
        command.Parameters.Add(new() { Value = places.ToArray() });
        command.Parameters.Add(new() { Value = status is { } s ? StatusText(s) : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = limit });
        return await ReadAsync(command, cancellationToken);
    }

    /// <summary>The alert if it is one of <paramref name="places"/>, else an <c>alert-not-found</c> error.</summary>
    public async Task<AlertView> GetAsync(string alertId, IReadOnlyList<string> places, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM jinbao_alerts WHERE alert_id = $1 AND place = ANY($2)");
        command.Parameters.Add(new() { Value = alertId });
        command.Parameters.Add(new() { Value = places.ToArray() });
        return (await ReadAsync(command, cancellationToken)).SingleOrDefault()
            ?? throw new JinBaoException(ErrorKind.NotFound, "alert-not-found", $"No alert {alertId} is among those of {string.Join(" and ", places)}.");
    }

    public static string StatusText(AlertStatus status) => status.ToString().ToLowerInvariant();

    private static async Task<IReadOnlyList<AlertView>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var alerts = new List<AlertView>();
        while (await reader.ReadAsync(cancellationToken))
        {
            alerts.Add(new AlertView(
                reader.GetString(0),
                Enum.Parse<SupervisionRule>(reader.GetString(1)),
                RegionCode.Parse(reader.GetString(2)),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetFieldValue<DateTimeOffset>(5),
                Enum.Parse<AlertStatus>(reader.GetString(6), ignoreCase: true),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8),
                reader.IsDBNull(9) ? null : reader.GetString(9),
                reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10),
                reader.IsDBNull(11) ? null : reader.GetString(11),
                System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(12)) ?? []));
        }

        return alerts;
    }
}
