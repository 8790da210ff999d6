namespace JinBao.Postgres;

/// <summary>
/// A PostgreSQL program could not be started or failed. An <see cref="InvalidOperationException"/>, as the tests'
/// launcher threw before it shared this library; the AppHost turns it into its own startup error.
/// </summary>
public sealed class PostgresLaunchException(string message) : InvalidOperationException(message);
