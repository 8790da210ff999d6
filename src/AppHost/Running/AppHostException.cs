namespace JinBao.AppHost.Running;

/// <summary>
/// A problem the user can fix (a busy port, PostgreSQL missing, a wrong topology file): printed as its message
/// alone, without a stack trace, and the AppHost exits with code 1.
/// </summary>
public sealed class AppHostException(string message, Exception? innerException = null) : Exception(message, innerException);
