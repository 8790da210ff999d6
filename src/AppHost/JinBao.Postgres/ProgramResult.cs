namespace JinBao.Postgres;

/// <summary>How a PostgreSQL program ended: its exit code and what it wrote.</summary>
public sealed record ProgramResult(string Program, int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Standard output, then standard error.</summary>
    public string Output => StandardOutput + StandardError;

    /// <exception cref="PostgresLaunchException">It failed: <paramref name="failure"/>, the exit code and what it wrote.</exception>
    public void ThrowIfFailed(string failure)
    {
        if (!Succeeded)
        {
            throw new PostgresLaunchException($"{failure} ({Path.GetFileName(Program)} exit {ExitCode}) {StandardError.Trim()} {StandardOutput.Trim()}".Trim());
        }
    }
}
