using Npgsql;

using NpgsqlTypes;

namespace JinBao.Grains.Storage;

/// <summary>
/// One SQL statement of a grain's write, kept as text and values so that a write can be sent again in another batch
/// (Npgsql commands and parameters belong to one batch each).
/// </summary>
public sealed record Statement(string Sql, params StatementValue[] Values)
{
    public NpgsqlBatchCommand ToCommand()
    {
        var command = new NpgsqlBatchCommand(Sql);
        AddTo(command.Parameters);
        return command;
    }

    /// <summary>The statement alone, for a read.</summary>
    public NpgsqlCommand ToCommand(NpgsqlConnection connection)
    {
        var command = new NpgsqlCommand(Sql, connection);
        AddTo(command.Parameters);
        return command;
    }

    private void AddTo(NpgsqlParameterCollection parameters)
    {
        foreach (var value in Values)
        {
            var parameter = new NpgsqlParameter { Value = value.Value ?? DBNull.Value };
            if (value.Type is { } type)
            {
                parameter.NpgsqlDbType = type;
            }

            parameters.Add(parameter);
        }
    }
}

/// <summary>A positional parameter; the type is given where a null would leave PostgreSQL guessing.</summary>
public readonly record struct StatementValue(object? Value, NpgsqlDbType? Type = null)
{
    public static implicit operator StatementValue(string value) => new(value);

    public static implicit operator StatementValue(long value) => new(value);

    public static implicit operator StatementValue(int value) => new(value);

    public static implicit operator StatementValue(short value) => new(value);

    public static implicit operator StatementValue(double value) => new(value);

    public static implicit operator StatementValue(bool value) => new(value);

    public static implicit operator StatementValue(Guid value) => new(value);

    public static implicit operator StatementValue(byte[] value) => new(value);

    public static implicit operator StatementValue(DateOnly value) => new(value);

    public static implicit operator StatementValue(DateTimeOffset value) => new(value);

    public static StatementValue Text(string? value) => new(value, NpgsqlDbType.Text);

    public static StatementValue Date(DateOnly? value) => new(value, NpgsqlDbType.Date);
}
